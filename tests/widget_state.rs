//! The widget's reducers, without a DOM: the combobox's keyboard model, the claim editor's
//! codes and what-if claim, the PCS builder's axes. Search results come from the real tables;
//! the claims built here are grouped by the real grouper.

use codeglass_lookup::{search, SearchOptions};
use codeglass_tests::{catalog, grouper};
use codeglass_widget::components::{payment_estimate, weight_change};
use codeglass_widget::state::{ClaimAction, ClaimState, Field, NavKey, PcsAction, PcsState, SearchAction, SearchState};

fn results(query: &str) -> SearchAction {
    let date = "2026-11-22".parse().unwrap();
    let hits = search(catalog(), query, date, &SearchOptions { limit: 5, ..SearchOptions::default() });
    SearchAction::Results { query: query.into(), hits: hits.map_err(|e| e.to_string()), engine_ms: 0.1 }
}

fn run(state: SearchState, actions: impl IntoIterator<Item = SearchAction>) -> SearchState {
    actions.into_iter().fold(state, SearchState::apply)
}

#[test]
fn results_open_the_list_and_announce_their_count() {
    let s = run(SearchState::default(), [results("chf")]);
    assert!(s.expanded);
    assert_eq!(s.hits.len(), 5);
    assert_eq!(s.active, None, "no option is active until the arrows move");
    assert_eq!(s.announcement(), "5 results");
    assert_eq!(s.hits[0].code, "I50.9", "the header's default billable code first");
    let none = run(s.clone(), [results("qqqzzzxx")]);
    assert_eq!(none.announcement(), "No results");
    let empty = run(s, [results("  ")]);
    assert!(!empty.expanded);
    assert_eq!(empty.announcement(), "");
}

#[test]
fn arrows_wrap_home_and_end_jump_escape_closes() {
    let s = run(SearchState::default(), [results("chf")]);
    let down = |s: SearchState| s.apply(SearchAction::Key(NavKey::Down));
    let s = down(s);
    assert_eq!(s.active, Some(0));
    let s = down(down(down(down(s))));
    assert_eq!(s.active, Some(4));
    let s = down(s);
    assert_eq!(s.active, Some(0), "Down on the last option wraps to the first");
    let s = s.apply(SearchAction::Key(NavKey::Up));
    assert_eq!(s.active, Some(4), "Up on the first wraps to the last");
    assert!(s.handles(NavKey::Home));
    let s = s.apply(SearchAction::Key(NavKey::Home));
    assert_eq!(s.active, Some(0));
    let s = s.apply(SearchAction::Key(NavKey::End));
    assert_eq!(s.active, Some(4));
    let s = s.apply(SearchAction::Key(NavKey::Escape));
    assert!(!s.expanded);
    assert_eq!(s.active, None);
    assert!(!s.handles(NavKey::Home), "with the list closed, Home moves the caret");
    let s = s.apply(SearchAction::Key(NavKey::Down));
    assert!(s.expanded, "Down reopens the list");
    assert_eq!(s.active, Some(0));
}

#[test]
fn enter_chooses_the_active_option_and_counts_repeats() {
    let s =
        run(SearchState::default(), [results("chf"), SearchAction::Key(NavKey::Down), SearchAction::Key(NavKey::Down)]);
    let second = s.hits[1].clone();
    let s = s.apply(SearchAction::Choose(None));
    assert_eq!(s.chosen.as_ref().map(|(n, h)| (*n, h.code.clone())), Some((0, second.code.clone())));
    assert!(!s.expanded);
    let s = run(s, [SearchAction::Key(NavKey::Down), SearchAction::Key(NavKey::Down), SearchAction::Choose(None)]);
    assert_eq!(s.chosen.as_ref().map(|(n, _)| *n), Some(1), "the same code chosen again is a new choice");
    // Enter without an active option chooses nothing.
    let t = run(SearchState::default(), [results("chf"), SearchAction::Choose(None)]);
    assert!(t.chosen.is_none());
    // A click chooses its option; a stale hover beyond the list changes nothing.
    let u = run(SearchState::default(), [results("chf"), SearchAction::Hover(99), SearchAction::Choose(Some(3))]);
    assert_eq!(u.chosen.map(|(_, h)| h.code), Some(u.hits[3].code.clone()));
    let cleared = run(SearchState::default(), [results("chf"), SearchAction::Clear]);
    assert_eq!((cleared.query.as_str(), cleared.hits.len(), cleared.expanded), ("", 0, false));
}

#[test]
fn new_tables_refresh_the_list_without_moving_the_user() {
    let s =
        run(SearchState::default(), [results("chf"), SearchAction::Key(NavKey::Down), SearchAction::Key(NavKey::Down)]);
    let active = s.hits[1].code.clone();
    // The same hits in another order (as when a second code set joins): the active code stays active.
    let mut reordered = s.hits.clone();
    reordered.reverse();
    let r = s.clone().apply(SearchAction::Refreshed { hits: Ok(reordered), engine_ms: 0.2 });
    assert_eq!(r.active.map(|i| r.hits[i].code.clone()), Some(active));
    assert!(r.expanded);
    // A closed list stays closed; an active code that is gone leaves no option active.
    let closed = s
        .clone()
        .apply(SearchAction::Key(NavKey::Escape))
        .apply(SearchAction::Refreshed { hits: Ok(s.hits.clone()), engine_ms: 0.2 });
    assert!(!closed.expanded);
    let gone = s.apply(SearchAction::Refreshed { hits: Ok(vec![]), engine_ms: 0.2 });
    assert_eq!(gone.active, None);
}

#[test]
fn an_engine_error_is_shown_not_swallowed() {
    let s = SearchState::default().apply(SearchAction::Results {
        query: "chf".into(),
        hits: Err("TABLE_NOT_LOADED: no icd10cm table".into()),
        engine_ms: 0.0,
    });
    assert_eq!(s.announcement(), "TABLE_NOT_LOADED: no icd10cm table");
    assert!(s.hits.is_empty());
    assert_eq!(s.apply(SearchAction::Key(NavKey::Down)).active, None);
}

fn add(code: &str, system: &str) -> ClaimAction {
    ClaimAction::Add { code: code.into(), system: system.into(), display: None }
}

fn heart_failure_claim() -> ClaimState {
    [
        ClaimAction::SetAge("78".into()),
        add("I50.23", "icd10cm"),
        add("N17.9", "icd10cm"),
        add("E11.22", "icd10cm"),
        add("0DTJ4ZZ", "icd10pcs"),
        add("N179", "icd10cm"),
    ]
    .into_iter()
    .fold(ClaimState::new("2026-09-15"), ClaimState::apply)
}

#[test]
fn codes_go_where_they_belong_once() {
    let c = heart_failure_claim();
    assert_eq!(c.pdx.as_ref().map(|d| d.code.as_str()), Some("I50.23"), "the first diagnosis is principal");
    let sdx: Vec<&str> = c.sdx.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(sdx, ["N17.9", "E11.22"], "N179 is N17.9 again and is not added twice");
    assert_eq!(c.procedures.len(), 1);
    assert_eq!(c.codes(), ["I50.23", "N17.9", "E11.22", "0DTJ4ZZ"]);
    let swapped = c.clone().apply(ClaimAction::MakePdx(1));
    assert_eq!(swapped.codes(), ["E11.22", "N17.9", "I50.23", "0DTJ4ZZ"]);
    let removed = c.clone().apply(ClaimAction::RemoveSdx(0)).apply(ClaimAction::RemoveSdx(7));
    assert_eq!(removed.codes(), ["I50.23", "E11.22", "0DTJ4ZZ"], "an index out of range changes nothing");
    let cleared = c.apply(ClaimAction::Clear);
    assert!(cleared.codes().is_empty());
    assert_eq!(cleared.discharge_date, "2026-09-15", "a new claim keeps the date");
}

#[test]
fn the_claim_groups_and_what_if_toggles_move_the_drg() {
    let c = heart_failure_claim().apply(ClaimAction::RemoveProcedure(0));
    let group = |v: serde_json::Value| grouper().group(&codeglass_grouper::Claim::from_value(&v).unwrap()).unwrap();
    assert_eq!(group(c.to_claim().unwrap()).final_drg, 292);
    assert!(!c.has_what_if());
    let absent = c.clone().apply(ClaimAction::ToggleAbsent(0));
    assert!(absent.has_what_if());
    assert_eq!(group(absent.to_what_if_claim().unwrap()).final_drg, 293, "without N17.9 (the CC)");
    assert_eq!(group(absent.to_claim().unwrap()).final_drg, 292, "the claim itself is unchanged");
    let queried = c.clone().apply(ClaimAction::AddQuery { code: "J96.01".into(), display: None });
    assert_eq!(group(queried.to_what_if_claim().unwrap()).final_drg, 291, "with acute respiratory failure (an MCC)");
    let off = queried.apply(ClaimAction::ToggleQuery(0));
    assert!(!off.has_what_if());
    assert_eq!(group(off.to_what_if_claim().unwrap()).final_drg, 292);
}

/// A FY2027 discharge (v44.0) in the DRG panel: its weight, a payment estimate once a base rate
/// is given, what-if weight changes and the DRG family's weights.
#[test]
fn a_fy2027_claim_shows_weights_a_payment_and_what_if_changes() {
    let c = heart_failure_claim()
        .apply(ClaimAction::RemoveProcedure(0))
        .apply(ClaimAction::SetDischargeDate("2026-11-15".into()));
    let claim = |v: serde_json::Value| codeglass_grouper::Claim::from_value(&v).unwrap();
    let group = |v: serde_json::Value| grouper().group(&claim(v)).unwrap();
    let r = group(c.to_claim().unwrap());
    assert_eq!((r.version, r.final_drg, r.relative_weight()), (440, 292, Some(0.8616)));
    assert_eq!(payment_estimate(&r), Err("No payment estimate yet: enter the hospital's base rate below.".to_string()));
    let priced = c.clone().apply(ClaimAction::SetBaseRate("6500".into()));
    let r = group(priced.to_claim().unwrap());
    assert_eq!(payment_estimate(&r), Ok("$5,600.40 (base rate $6,500.00 × weight 0.8616)".to_string()));
    // What if N17.9 (the CC) were absent: DRG 293, and the weight change of FY2027's Table 5.
    let after = group(priced.clone().apply(ClaimAction::ToggleAbsent(0)).to_what_if_claim().unwrap());
    assert_eq!(after.final_drg, 293);
    let w293 = after.relative_weight().unwrap();
    assert_eq!(weight_change(&r, &after), format!("weight change {:+.4}", w293 - 0.8616));
    let queried = priced.apply(ClaimAction::AddQuery { code: "J96.01".into(), display: None });
    let after = group(queried.to_what_if_claim().unwrap());
    assert_eq!((after.final_drg, weight_change(&r, &after)), (291, "weight change +0.4069".to_string()));
    let family = grouper().opportunities(&claim(c.to_claim().unwrap())).unwrap().family;
    let weights: Vec<(u16, Option<f64>)> = family.iter().map(|(_, drg, _, w)| (*drg, *w)).collect();
    assert_eq!(weights, [(293, Some(w293)), (292, Some(0.8616)), (291, Some(1.2685))]);
    // DRG 999 has no weight: the panel says so instead of an estimate.
    let mut bad = c.apply(ClaimAction::SetBaseRate("6500".into())).to_claim().unwrap();
    bad["pdx"]["code"] = "I50".into();
    let none = group(bad);
    assert_eq!(
        payment_estimate(&none),
        Err("No payment estimate: DRG 999 (ungroupable) has no relative weight.".to_string())
    );
    assert_eq!(weight_change(&r, &none), "weight change unknown: DRG 999 (ungroupable) has no relative weight");
}

#[test]
fn bad_fields_name_themselves() {
    let c = heart_failure_claim();
    assert!(ClaimState::new("2026-09-15").to_claim().unwrap_err().contains("principal diagnosis"));
    assert!(c.clone().apply(ClaimAction::SetAge("old".into())).to_claim().unwrap_err().starts_with("Age must be"));
    assert!(c.clone().apply(ClaimAction::SetLos("2.5".into())).to_claim().unwrap_err().starts_with("Length of stay"));
    // A base rate that is not a number is marked at its field; the DRG still groups.
    let bad_rate = c.clone().apply(ClaimAction::SetBaseRate("-1".into()));
    assert!(bad_rate.to_claim().unwrap().get("base_rate").is_none());
    let messages = bad_rate.field_messages();
    assert_eq!(messages.len(), 1);
    assert_eq!((messages[0].field, messages[0].blocking), (Field::BaseRate, false));
    assert!(messages[0].message.starts_with("Base rate must be a number of dollars"));
    let v = c
        .clone()
        .apply(ClaimAction::SetBaseRate("6000".into()))
        .apply(ClaimAction::SetLos("4".into()))
        .to_claim()
        .unwrap();
    assert_eq!((v["base_rate"].as_f64(), v["los"].as_u64()), (Some(6000.0), Some(4)));
}

#[test]
fn odd_ages_are_graded_and_marked_not_refused() {
    let c = heart_failure_claim();
    let old = c.clone().apply(ClaimAction::SetAge("200".into()));
    assert_eq!(old.to_claim().unwrap()["age"], 200, "the claim goes to the grouper as CMS grades it");
    let m = old.field_messages();
    assert_eq!((m[0].field, m[0].blocking), (Field::Age, false));
    assert!(m[0].message.starts_with("Age must be 0–124 years"), "{}", m[0].message);
    assert!(c.clone().apply(ClaimAction::SetAge("124".into())).field_messages().is_empty());
    let empty = c.clone().apply(ClaimAction::SetAge(" ".into())).field_messages();
    assert_eq!((empty[0].field, empty[0].blocking), (Field::Age, true));
    let date = c.apply(ClaimAction::SetDischargeDate("2026-13-01".into())).field_messages();
    assert_eq!((date[0].field, date[0].blocking), (Field::DischargeDate, true));
}

#[test]
fn pcs_builder_picks_backs_and_truncates() {
    let s = "0DTJ4ZZ".chars().map(PcsAction::Pick).fold(PcsState::default(), PcsState::apply);
    assert_eq!(s.prefix, "0DTJ4ZZ");
    assert_eq!(s.clone().apply(PcsAction::Pick('1')).prefix, "0DTJ4ZZ", "seven characters at most");
    assert_eq!(s.clone().apply(PcsAction::Back).prefix, "0DTJ4Z");
    assert_eq!(s.clone().apply(PcsAction::Truncate(3)).prefix, "0DT");
    assert_eq!(s.apply(PcsAction::Reset).prefix, "");
    assert_eq!(PcsState::default().apply(PcsAction::Pick('d')).prefix, "D", "upper-cased");
    assert_eq!(PcsState::default().apply(PcsAction::Pick('-')).prefix, "", "only letters and digits");
}

/// A single-value axis is taken for the user; Back undoes it together with the choice before
/// it, so Back never stops on an axis with nothing to choose.
#[test]
fn pcs_builder_takes_single_values_and_backs_past_them() {
    let s = "0DTJ4".chars().map(PcsAction::Pick).fold(PcsState::default(), PcsState::apply);
    let s = s.apply(PcsAction::Auto('Z')).apply(PcsAction::Auto('Z'));
    assert_eq!((s.prefix.as_str(), s.auto.as_slice()), ("0DTJ4ZZ", &[5, 6][..]));
    let back = s.clone().apply(PcsAction::Back);
    assert_eq!((back.prefix.as_str(), back.auto.len()), ("0DTJ", 0));
    let changed = s.apply(PcsAction::Truncate(6));
    assert_eq!((changed.prefix.as_str(), changed.auto.as_slice()), ("0DTJ4Z", &[5][..]));
}

/// A diagnosis added to the claim starts with a blank POA (asked for, never assumed "Y": a
/// silent "Y" would turn the HAC logic off).
#[test]
fn a_new_diagnosis_has_a_blank_poa() {
    let c = ClaimState::new("2026-11-15").apply(ClaimAction::Add {
        code: "N17.9".into(),
        display: Some("Acute kidney failure, unspecified".into()),
        system: "icd10cm".into(),
    });
    assert_eq!(c.pdx.as_ref().map(|d| d.poa.as_str()), Some(""));
}
