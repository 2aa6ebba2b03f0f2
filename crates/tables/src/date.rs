//! Calendar dates (discharge dates, effective dates) without a time-zone dependency.

use std::fmt;
use std::str::FromStr;

/// A valid Gregorian date. Ordered, and stored as `yyyymmdd` so comparisons are integer ones.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(u32);

/// Why a date string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub input: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.input.chars().take(40).collect();
        write!(f, "invalid date {shown:?}: expected YYYY-MM-DD, e.g. 2026-10-01")
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// A date from its parts, if it exists on the calendar.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then(|| Date(year * 10_000 + month * 100 + day))
    }

    /// A date written in the source (a constant): a month or day out of range fails the build.
    pub const fn from_ymd_const(year: u32, month: u32, day: u32) -> Date {
        assert!(month >= 1 && month <= 12 && day >= 1 && day <= 31, "not a calendar date");
        Date(year * 10_000 + month * 100 + day)
    }

    /// From the packed `yyyymmdd` form used inside tables.
    pub fn from_yyyymmdd(v: u32) -> Option<Date> {
        Date::new(v / 10_000, v / 100 % 100, v % 100)
    }

    pub fn yyyymmdd(self) -> u32 {
        self.0
    }
    pub fn year(self) -> u32 {
        self.0 / 10_000
    }
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }
    pub fn day(self) -> u32 {
        self.0 % 100
    }

    /// The US federal fiscal year the date falls in (FY2027 starts on 2026-10-01).
    pub fn fiscal_year(self) -> u32 {
        if self.month() >= 10 {
            self.year() + 1
        } else {
            self.year()
        }
    }

    /// The day before, if there is one.
    pub fn previous_day(self) -> Option<Date> {
        let (y, m, d) = (self.year(), self.month(), self.day());
        if d > 1 {
            return Date::new(y, m, d - 1);
        }
        let (py, pm) = if m == 1 { (y.checked_sub(1)?, 12) } else { (y, m - 1) };
        (28..=31).rev().find_map(|d| Date::new(py, pm, d))
    }

    /// First and last day of a fiscal year.
    pub fn fiscal_year_bounds(fy: u32) -> (Date, Date) {
        (Date(fy.saturating_sub(1) * 10_000 + 1001), Date(fy * 10_000 + 930))
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError { input: s.to_string() };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
        };
        match (num(0..4), num(5..7), num(8..10)) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok_or_else(err),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let d: Date = "2026-10-01".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2026, 10, 1));
        assert_eq!(d.fiscal_year(), 2027);
        assert_eq!("2026-09-30".parse::<Date>().unwrap().fiscal_year(), 2026);
        assert!("2024-02-29".parse::<Date>().is_ok());
        for bad in
            ["2026-02-29", "2026-13-01", "2026-00-10", "26-10-01", "2026/10/01", "", "２０２６-10-01", "2026-1-011"]
        {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert_eq!("2026-03-01".parse::<Date>().unwrap().previous_day().unwrap().to_string(), "2026-02-28");
        assert_eq!("2026-01-01".parse::<Date>().unwrap().previous_day().unwrap().to_string(), "2025-12-31");
        assert_eq!(Date::fiscal_year_bounds(2027).0.to_string(), "2026-10-01");
        assert_eq!(Date::fiscal_year_bounds(2027).1.to_string(), "2027-09-30");
    }
}
