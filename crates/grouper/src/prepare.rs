//! Code setup: one claim's codes looked up in a version, clusters found, exclusions marked, and
//! the claim's facts gathered (CMS `MsdrgClusters`, `*AttributeProcessor`, `MsdrgExclusions`,
//! the mask builder and its counting atoms).

use crate::claim::{Claim, Poa, Sex};
use crate::data::{CodeKey, Dx, Role, Severity, VersionData, JOINT_SITES};
use crate::facts::FactSet;

/// Discharge statuses of a transfer to another acute-care setting (`XFRNBA`, DRG 789).
const TRANSFER_STATUSES: [u8; 6] = [2, 5, 66, 82, 85, 94];
const DIED: u8 = 20;
const AMA: u8 = 7;

/// A HAC category a secondary diagnosis belongs to, and how the HAC step judged it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HacEntry {
    pub number: u8,
    /// The `hac_attributes` name it comes from (`HAC05`, `hac06_sdx`…).
    pub list: String,
    pub status: HacUsage,
}

/// CMS `MsdrgHacUsage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HacUsage {
    NotOnHacList,
    CriteriaMet,
    CriteriaNotMet,
    NotApplicableExclusion,
    NotApplicableExempt,
}

impl HacUsage {
    pub fn as_str(self) -> &'static str {
        match self {
            HacUsage::NotOnHacList => "NOT_ON_HAC_LIST",
            HacUsage::CriteriaMet => "HAC_CRITERIA_MET",
            HacUsage::CriteriaNotMet => "HAC_CRITERIA_NOT_MET",
            HacUsage::NotApplicableExclusion => "HAC_NOT_APPLICABLE_EXCLUSION",
            HacUsage::NotApplicableExempt => "HAC_NOT_APPLICABLE_EXEMPT",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct SdxState<'a> {
    pub dx: Option<&'a Dx>,
    pub poa: Poa,
    /// Excluded as CC/MCC by the principal diagnosis (CC exclusion list).
    pub pdx_excluded: bool,
    /// An `mccalive` code on a claim where the patient died.
    pub death_excluded: bool,
    pub hacs: Vec<HacEntry>,
}

impl SdxState<'_> {
    pub fn severity(&self) -> Severity {
        self.dx.map_or(Severity::Ncc, |d| d.severity)
    }
    pub fn hac_met(&self) -> bool {
        self.hacs.iter().any(|h| h.status == HacUsage::CriteriaMet)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ProcState<'a> {
    pub attributes: Option<&'a [u16]>,
    /// MDC lists in which this procedure's attributes are suppressed (cluster component).
    pub suppressed_in: u32,
    pub clusters: Vec<String>,
    /// An operating-room procedure as CMS flags it (`d468`, `d477` or `ornec`).
    pub is_or: bool,
}

/// A claim set up in one version.
#[derive(Clone, Debug)]
pub(crate) struct Prepared<'a> {
    pub d: &'a VersionData,
    pub pdx_code: String,
    pub pdx: Option<&'a Dx>,
    /// The PDX's MDC (sex-dependent for 73 codes); `None` for an invalid PDX.
    pub pdx_mdc: Option<u8>,
    pub sdx: Vec<SdxState<'a>>,
    pub procs: Vec<ProcState<'a>>,
    /// Satisfied clusters (their `Z@` pseudo-codes).
    pub clusters: Vec<String>,
    pub facts: FactSet,
    pub died: bool,
    pub invalid_dstat: bool,
    /// What-if: group as if the claim had at least this CC/MCC level.
    pub level_floor: crate::group::Level,
    /// The level the `MCC`/`CC`/`NONE` facts hold now (set before each formula is evaluated,
    /// rewritten only when it changes).
    pub level_set: Option<crate::group::Level>,
}

impl<'a> Prepared<'a> {
    pub fn new(d: &'a VersionData, claim: &Claim) -> Prepared<'a> {
        let pdx_key = CodeKey::new(&claim.pdx.code);
        let pdx = d.dx.get(&pdx_key);
        let mut sex_conflict = false;
        let pdx_mdc = pdx.map(|p| match d.gender_mdc.get(&pdx_key) {
            Some(&(male, female)) => match claim.sex {
                Sex::Male => male,
                Sex::Female => female,
                Sex::Unknown => {
                    sex_conflict = true;
                    p.mdc
                }
            },
            None => p.mdc,
        });
        let died = claim.discharge_status == DIED;
        let mccalive = d.atoms.mccalive;
        // Looked up once: only a CC or MCC can be excluded, so most codes need no lookup.
        let excluded = d.exclusion_group.get(&pdx_key).and_then(|g| d.exclusion_groups.get(g));
        let sdx: Vec<SdxState> = claim
            .sdx
            .iter()
            .map(|s| {
                let key = CodeKey::new(&s.code);
                let dx = d.dx.get(&key);
                SdxState {
                    dx,
                    poa: s.poa,
                    pdx_excluded: dx.is_some_and(|x| x.severity != Severity::Ncc)
                        && excluded.is_some_and(|set| set.contains(&key)),
                    death_excluded: died && dx.is_some_and(|x| mccalive.is_some_and(|m| x.attributes().contains(&m))),
                    hacs: dx.map(|x| hac_entries(d, x)).unwrap_or_default(),
                }
            })
            .collect();
        let mut procs: Vec<ProcState> = claim
            .procedures
            .iter()
            .map(|c| ProcState {
                attributes: d.pr.get(&CodeKey::new(c)).map(Vec::as_slice),
                suppressed_in: 0,
                clusters: Vec::new(),
                is_or: false,
            })
            .collect();
        let clusters = find_clusters(d, claim, &mut procs);
        let invalid_dstat = d.discharge_statuses.binary_search(&claim.discharge_status).is_err();
        let mut p = Prepared {
            d,
            pdx_code: claim.pdx.code.clone(),
            pdx,
            pdx_mdc,
            sdx,
            procs,
            clusters,
            facts: FactSet::new(d.names.len()),
            died,
            invalid_dstat,
            level_floor: crate::group::Level::None,
            level_set: None,
        };
        p.gather_facts(claim, sex_conflict);
        p
    }

    fn special(&mut self, atom: Option<u16>) {
        if let Some(id) = atom {
            self.facts.add(id, 0);
        }
    }

    fn gather_facts(&mut self, claim: &Claim, sex_conflict: bool) {
        let d = self.d;
        for s in &self.sdx {
            if let Some(x) = s.dx {
                for &a in x.all() {
                    self.facts.add_sdx(a);
                }
            }
        }
        let a = &d.atoms;
        let mut joints = [false; JOINT_SITES.len()];
        let (mut vessels, mut drug_stents, mut other_stents) = (0u32, 0u32, 0u32);
        let (
            mut single_fusions,
            mut anterior_sect,
            mut posterior,
            mut fusion_counter,
            mut single_anterior,
            mut single_posterior1,
        ) = (0u32, 0u32, 0u32, 0u32, 0u32, 0u32);
        let role = |id: u16| a.roles.get(id as usize).copied().unwrap_or(Role::Plain);
        let count_sites = |r: Role, joints: &mut [bool; 6], vessels: &mut u32| match r {
            Role::Joint(i) => joints[i as usize] = true,
            Role::Vessel(k) => *vessels += u32::from(k),
            _ => {}
        };
        for p in &mut self.procs {
            let Some(attrs) = p.attributes else { continue };
            let (mut stent_weight, mut drug, mut plain, mut or, mut ornec) = (0u32, false, false, false, false);
            for &id in attrs {
                self.facts.add(id, p.suppressed_in);
                let r = role(id);
                count_sites(r, &mut joints, &mut vessels);
                match r {
                    Role::Stent(k) => stent_weight = u32::from(k),
                    Role::DrugStent => drug = true,
                    Role::PlainStent => plain = true,
                    Role::OrList => or = true,
                    Role::OrNec => ornec = true,
                    Role::SglAntFuse => {
                        single_fusions += 1;
                        single_anterior += 1;
                        fusion_counter += 1;
                    }
                    Role::SglPostFuse1 => {
                        single_fusions += 1;
                        single_posterior1 += 1;
                    }
                    Role::SglAntSectXFuse => anterior_sect += 1,
                    Role::SglPostFuse => {
                        posterior += 1;
                        fusion_counter += 1;
                    }
                    _ => {}
                }
            }
            // Only the unrelated-O.R. lists give `ORPROC`; `ornec` counts for the flag alone.
            p.is_or = or || ornec;
            if or {
                if let Some(id) = a.orproc {
                    self.facts.add(id, p.suppressed_in);
                }
            }
            if drug {
                drug_stents += stent_weight;
            }
            if plain {
                other_stents += stent_weight;
            }
        }
        for c in &self.clusters {
            if let Some(attrs) = d.pr.get(&CodeKey::new(c)) {
                for &id in attrs {
                    self.facts.add(id, 0);
                    count_sites(role(id), &mut joints, &mut vessels);
                }
            }
        }
        if let Some(x) = self.pdx {
            for &a in x.all() {
                self.facts.add_pdx(a);
            }
        }
        let pdx_code = claim.pdx.code.as_str();
        if self.pdx.is_none() {
            if let Some(id) = a.invalid_pdx {
                self.facts.add_pdx(id);
            }
        }
        if pdx_code.starts_with(['V', 'W', 'X', 'Y']) {
            if let Some(id) = a.pdx_ecode {
                self.facts.add_pdx(id);
            }
        }
        if let (Some(x), Some(incident)) = (self.pdx, a.incident) {
            let all_incident = self.sdx.iter().filter_map(|s| s.dx).all(|s| s.attributes().contains(&incident));
            if x.attributes().contains(&incident) && all_incident {
                self.facts.add_only(incident);
            }
        }
        if sex_conflict {
            self.special(a.invalid_sex);
        }
        if self.pdx_mdc == Some(20) {
            self.special(a.mdc_20_fall_thru);
        }
        if !self.died {
            self.special(a.alive);
        }
        match claim.discharge_status {
            DIED => self.special(a.died),
            AMA => self.special(a.ama),
            _ => {}
        }
        if TRANSFER_STATUSES.contains(&claim.discharge_status) {
            self.special(a.xfrnba);
        }
        if self.invalid_dstat {
            self.special(a.invalid_dstat);
        }
        self.special(a.anydx);
        let sites = a
            .trauma_sites
            .iter()
            .filter(|&&id| {
                self.pdx
                    .iter()
                    .chain(self.sdx.iter().filter_map(|s| s.dx.as_ref()))
                    .any(|x| x.attributes().contains(&id))
            })
            .count();
        // In the order of `data::COUNTERS`.
        let rules: [bool; 12] = [
            sites >= 2,
            joints.iter().filter(|j| **j).count() > 1,
            other_stents >= 4,
            drug_stents >= 4,
            vessels >= 4,
            drug_stents + other_stents >= 4,
            single_fusions > 1,
            anterior_sect > 1,
            posterior > 1,
            fusion_counter >= 3,
            single_anterior >= 2,
            single_posterior1 >= 2,
        ];
        for (atom, holds) in a.counters.into_iter().zip(rules) {
            if holds {
                self.special(atom);
            }
        }
    }
}

/// The HAC categories of a secondary diagnosis, from its `hac_attributes` (`HACnn`, `hacnn_…`).
/// A principal-diagnosis list (`hac11_pdx`) does not make a secondary diagnosis a HAC: CMS
/// ignores it there.
fn hac_entries(d: &VersionData, x: &Dx) -> Vec<HacEntry> {
    x.hac_attributes()
        .iter()
        .filter_map(|&a| {
            let list = d.names.name(a);
            if list.ends_with("_pdx") {
                return None;
            }
            let digits: String = list.get(3..)?.chars().take_while(char::is_ascii_digit).collect();
            let number = digits.parse().ok().filter(|_| list[..3].eq_ignore_ascii_case("hac"))?;
            Some(HacEntry { number, list: list.to_string(), status: HacUsage::NotOnHacList })
        })
        .collect()
}

/// Satisfied clusters: each needs one code of every choice. The component codes seen up to
/// the point the cluster is complete lose their attributes in its suppression MDCs.
fn find_clusters(d: &VersionData, claim: &Claim, procs: &mut [ProcState]) -> Vec<String> {
    let mut candidates: Vec<&String> =
        claim.procedures.iter().filter_map(|c| d.pr_clusters.get(&CodeKey::new(c))).flatten().collect();
    candidates.sort();
    candidates.dedup();
    let mut satisfied = Vec::new();
    for id in candidates {
        let Some(cluster) = d.clusters.get(id) else { continue };
        let mut covered = vec![false; cluster.choices.len()];
        let mut chosen = Vec::new();
        for (i, code) in claim.procedures.iter().enumerate() {
            for (c, choice) in cluster.choices.iter().enumerate() {
                if choice.contains(code) {
                    covered[c] = true;
                    chosen.push(i);
                }
            }
            if covered.iter().all(|c| *c) {
                let bits = cluster.suppression_mdcs.iter().filter(|m| **m < 32).fold(0u32, |b, m| b | 1 << m);
                for &i in &chosen {
                    procs[i].suppressed_in |= bits;
                    procs[i].clusters.push(id.clone());
                }
                satisfied.push(id.clone());
                break;
            }
        }
    }
    satisfied
}
