//! The demo portfolio's numbers: how many projects, subprojects and euros each city region
//! gets, and the exact apportioning that makes the national totals come out to the cent.
//! Pure functions, tested without a database.

use app::model::sources::BySource;

/// One city region's share of the demo portfolio.
#[derive(Clone, Copy, Debug)]
pub struct RegionPlan {
    pub code: &'static str,
    pub projects: usize,
    pub subprojects: usize,
    /// The city's own planned funding, whole euros.
    pub city_euros: i64,
    /// All planned funding of the region's projects, whole euros.
    pub total_euros: i64,
}

/// The regions in the order of [`migration::reference::REGIONS`]. The numbers reproduce the
/// programme's published figures of 3 March 2026: 214 projects, 403 subprojects, 103.5 M€ in
/// total and 30 M€ of cities' own money, each city between 0.5 and 6 M€ and between 25 and
/// 40 % of its projects' funding.
pub const REGION_PLANS: [RegionPlan; 16] = [
    RegionPlan {
        code: "capital",
        projects: 24,
        subprojects: 46,
        city_euros: 6_000_000,
        total_euros: 19_498_000,
    },
    RegionPlan {
        code: "joensuu",
        projects: 12,
        subprojects: 23,
        city_euros: 1_500_000,
        total_euros: 5_556_000,
    },
    RegionPlan {
        code: "jyvaskyla",
        projects: 14,
        subprojects: 26,
        city_euros: 2_000_000,
        total_euros: 6_667_000,
    },
    RegionPlan {
        code: "kokkola",
        projects: 9,
        subprojects: 17,
        city_euros: 500_000,
        total_euros: 1_515_000,
    },
    RegionPlan {
        code: "kuopio",
        projects: 12,
        subprojects: 22,
        city_euros: 1_600_000,
        total_euros: 5_517_000,
    },
    RegionPlan {
        code: "lahti",
        projects: 12,
        subprojects: 22,
        city_euros: 1_500_000,
        total_euros: 5_357_000,
    },
    RegionPlan {
        code: "lappeenranta",
        projects: 12,
        subprojects: 22,
        city_euros: 1_300_000,
        total_euros: 5_000_000,
    },
    RegionPlan {
        code: "mikkeli",
        projects: 10,
        subprojects: 19,
        city_euros: 1_000_000,
        total_euros: 3_125_000,
    },
    RegionPlan {
        code: "oulu",
        projects: 18,
        subprojects: 34,
        city_euros: 2_800_000,
        total_euros: 10_370_000,
    },
    RegionPlan {
        code: "pori",
        projects: 11,
        subprojects: 21,
        city_euros: 1_200_000,
        total_euros: 4_000_000,
    },
    RegionPlan {
        code: "kajaani",
        projects: 10,
        subprojects: 19,
        city_euros: 1_000_000,
        total_euros: 2_857_000,
    },
    RegionPlan {
        code: "rovaniemi",
        projects: 11,
        subprojects: 20,
        city_euros: 1_000_000,
        total_euros: 3_846_000,
    },
    RegionPlan {
        code: "seinajoki",
        projects: 11,
        subprojects: 21,
        city_euros: 1_200_000,
        total_euros: 3_871_000,
    },
    RegionPlan {
        code: "tampere",
        projects: 20,
        subprojects: 38,
        city_euros: 3_200_000,
        total_euros: 11_429_000,
    },
    RegionPlan {
        code: "turku",
        projects: 16,
        subprojects: 30,
        city_euros: 2_600_000,
        total_euros: 8_966_000,
    },
    RegionPlan {
        code: "vaasa",
        projects: 12,
        subprojects: 23,
        city_euros: 1_600_000,
        total_euros: 5_926_000,
    },
];

/// EU and state funding together, whole euros (61.6 M€).
pub const EU_STATE_EUROS: i64 = 61_600_000;
/// The EU's part of EU and state funding, in percent.
pub const EU_PERCENT: i64 = 60;
/// Other public money's part of what is neither EU, state nor city, in percent.
pub const OTHER_PUBLIC_PERCENT: i64 = 55;
/// Headline indicator targets: platforms, companies, innovations.
pub const HEADLINE_TARGETS: [(&str, i64); 3] = [
    ("platforms", 611),
    ("companies", 2712),
    ("innovations", 987),
];

/// Splits `total` into parts proportional to `weights` that add up to `total` exactly
/// (largest remainder method; ties go to the earlier part).
///
/// # Panics
/// If the weights are empty, negative or all zero.
pub fn apportion(total: i64, weights: &[i64]) -> Vec<i64> {
    assert!(
        !weights.is_empty() && weights.iter().all(|w| *w >= 0),
        "weights must be non-negative"
    );
    let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    assert!(sum > 0, "weights must not all be zero");
    let total = i128::from(total);
    let mut parts: Vec<i64> = weights
        .iter()
        .map(|w| i64::try_from(total * i128::from(*w) / sum).expect("part fits in i64"))
        .collect();
    let mut remainders: Vec<(i128, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| ((total * i128::from(*w)) % sum, i))
        .collect();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: i128 = parts.iter().map(|p| i128::from(*p)).sum();
    let short = usize::try_from(total - given).expect("remainder is small and non-negative");
    for (_, index) in remainders.into_iter().take(short) {
        parts[index] += 1;
    }
    parts
}

/// A deterministic pseudo-random number from two inputs (splitmix64), so the demo data is the
/// same on every machine and every run.
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b)
        .wrapping_add(0x6A09_E667_F3BC_C909);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Planned funding of each region by source, whole euros.
pub fn region_sources() -> Vec<BySource<i64>> {
    let rest: Vec<i64> = REGION_PLANS
        .iter()
        .map(|r| r.total_euros - r.city_euros)
        .collect();
    let eu_state = apportion(EU_STATE_EUROS, &rest);
    REGION_PLANS
        .iter()
        .zip(rest.iter().zip(eu_state))
        .map(|(region, (rest, eu_state))| {
            let eu = eu_state * EU_PERCENT / 100;
            let other = rest - eu_state;
            let other_public = other * OTHER_PUBLIC_PERCENT / 100;
            BySource {
                eu,
                state: eu_state - eu,
                city: region.city_euros,
                other_public,
                private: other - other_public,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportioned_parts_add_up_exactly() {
        assert_eq!(apportion(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(apportion(100, &[0, 5]), vec![0, 100]);
        for seed in 0..200u64 {
            let weights: Vec<i64> = (0..(1 + seed % 40))
                .map(|i| 1 + (mix(seed, i) % 97) as i64)
                .collect();
            let total = (mix(seed, 999) % 1_000_000_000) as i64;
            assert_eq!(apportion(total, &weights).iter().sum::<i64>(), total);
        }
    }

    #[test]
    fn region_plans_add_up_to_the_published_figures() {
        assert_eq!(REGION_PLANS.iter().map(|r| r.projects).sum::<usize>(), 214);
        assert_eq!(
            REGION_PLANS.iter().map(|r| r.subprojects).sum::<usize>(),
            403
        );
        assert_eq!(
            REGION_PLANS.iter().map(|r| r.total_euros).sum::<i64>(),
            103_500_000
        );
        assert_eq!(
            REGION_PLANS.iter().map(|r| r.city_euros).sum::<i64>(),
            30_000_000
        );
        for (plan, reference) in REGION_PLANS
            .iter()
            .zip(migration::reference::REGIONS.iter())
        {
            assert_eq!(plan.code, reference.code);
            assert!(plan.subprojects >= plan.projects);
        }
    }

    #[test]
    fn each_city_pays_half_a_million_to_six_million_and_25_to_40_percent() {
        for plan in REGION_PLANS {
            assert!(
                (500_000..=6_000_000).contains(&plan.city_euros),
                "{}",
                plan.code
            );
            let basis_points = plan.city_euros * 10_000 / plan.total_euros;
            assert!(
                (2_500..=4_000).contains(&basis_points),
                "{}: {basis_points}",
                plan.code
            );
        }
    }

    #[test]
    fn sources_add_up_per_region_and_nationally() {
        let sources = region_sources();
        for (plan, s) in REGION_PLANS.iter().zip(&sources) {
            assert_eq!(s.values().sum::<i64>(), plan.total_euros, "{}", plan.code);
            assert!(s.values().all(|v| *v >= 0));
        }
        assert_eq!(
            sources.iter().map(|s| s.eu + s.state).sum::<i64>(),
            EU_STATE_EUROS
        );
        assert_eq!(sources.iter().map(|s| s.city).sum::<i64>(), 30_000_000);
    }
}
