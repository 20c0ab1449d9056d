//! Tests of story clustering.
use super::*;

#[test]
fn days_round_trip() {
    let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).expect("date");
    let day = day_number(date).expect("day");
    assert_eq!(day, 19_787);
    assert_eq!(day_date(day), Some(date));
}

fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

const DAY: i32 = 19_800;

fn flood_fr() -> StoryFeatures {
    StoryFeatures::new(
        "fr",
        "La crue de la Loire a inondé mardi les quais de Saumur. Les pompiers ont évacué \
         quarante familles et la préfète a ouvert un gymnase pour les sinistrés. La décrue \
         n'est pas attendue avant jeudi, selon la préfecture.",
        &keys(&["LOC:loire", "LOC:saumur", "PER:martin-claire"]),
        Some(DAY),
    )
}

const FLOOD_FOLLOWUP_FR: &str =
    "À Saumur, la Loire continue de monter : les pompiers ont évacué vingt familles de \
     plus et les sinistrés dorment au gymnase. La préfète Claire Martin promet une aide \
     aux commerces inondés des quais.";

fn flood_fr_followup() -> StoryFeatures {
    StoryFeatures::new(
        "fr",
        FLOOD_FOLLOWUP_FR,
        &keys(&["LOC:saumur", "LOC:loire", "PER:martin-claire"]),
        Some(DAY + 1),
    )
}

fn flood_en() -> StoryFeatures {
    StoryFeatures::new(
        "en",
        "Firefighters evacuated dozens of families in Saumur as the Loire burst its banks, \
         and prefect Claire Martin opened a gymnasium for those flooded out.",
        &keys(&["LOC:saumur", "LOC:loire", "PER:martin-claire"]),
        Some(DAY + 1),
    )
}

fn budget_fr() -> StoryFeatures {
    StoryFeatures::new(
        "fr",
        "Le conseil municipal de Lyon a adopté son budget après un long débat sur le prix \
         des cantines scolaires et la rénovation des piscines.",
        &keys(&["LOC:lyon", "ORG:conseil-municipal-lyon"]),
        Some(DAY),
    )
}

#[test]
fn same_story_articles_join_and_unrelated_ones_do_not() {
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    assert!(a.opened);
    let b = s.add(&budget_fr());
    assert!(b.opened, "{b:?}");
    let c = s.add(&flood_fr_followup());
    assert!(!c.opened, "{c:?}");
    assert_eq!(c.story, a.story);
    assert!(c.similarity >= s.params().threshold);
    let story = s.story(a.story).expect("story");
    assert_eq!(story.articles, vec![0, 2]);
    assert_eq!(
        (story.first_day, story.last_day),
        (Some(DAY), Some(DAY + 1))
    );
    assert_eq!(s.story_of(1), Some(b.story));
    assert_eq!(s.len(), 2);
}

#[test]
fn french_and_english_articles_meet_through_entities_and_dates() {
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    s.add(&budget_fr());
    let e = s.add(&flood_en());
    assert!(!e.opened, "{e:?}");
    assert_eq!(e.story, a.story);
}

#[test]
fn one_shared_name_in_another_language_is_not_enough() {
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    let other = StoryFeatures::new(
        "en",
        "A new bridge over the Loire will open next spring, the regional council said.",
        &keys(&["LOC:loire", "ORG:regional-council"]),
        Some(DAY),
    );
    let b = s.add(&other);
    assert!(b.opened, "{b:?}");
    assert_ne!(b.story, a.story);
}

#[test]
fn labels_name_entities_and_key_words() {
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    s.add(&flood_fr_followup());
    let label = s.label(a.story).expect("label");
    assert_eq!(label.entities.len(), 3, "{label:?}");
    assert!(label.entities.iter().any(|e| e == "LOC:saumur"));
    assert!(!label.terms.is_empty());
    assert!(
        label.terms.iter().all(|t| t != "la" && t != "les"),
        "{label:?}"
    );
    assert!(label.to_string().contains(" / "));
}

#[test]
fn the_same_input_gives_the_same_stories_and_state_round_trips() {
    let run = || {
        let mut s = Stories::new(StoryParams::default());
        let out: Vec<StoryAssignment> = [flood_fr(), budget_fr(), flood_en(), flood_fr_followup()]
            .iter()
            .map(|f| s.add(f))
            .collect();
        (s, out)
    };
    let (a, out_a) = run();
    let (_, out_b) = run();
    assert_eq!(out_a, out_b);
    // A stored state takes the next article as the live one would.
    let json = serde_json::to_string(&a).expect("serialise");
    let mut restored: Stories = serde_json::from_str(&json).expect("deserialise");
    let mut live = a.clone();
    let next = flood_fr_followup();
    assert_eq!(restored.add(&next), live.add(&next));
}

#[test]
fn centroids_stay_bounded() {
    let params = StoryParams {
        centroid_terms: 8,
        centroid_entities: 2,
        ..StoryParams::default()
    };
    let mut s = Stories::new(params);
    let a = s.add(&flood_fr());
    s.add(&flood_fr_followup());
    let story = s.story(a.story).expect("story");
    assert!(story.terms.iter().all(|c| c.entries.len() <= 8));
    assert!(story.entities.entries.len() <= 2);
}

#[test]
fn postings_keep_the_most_recent_stories_in_order() {
    let mut p = Posting::default();
    for s in [1, 2, 3, 2] {
        p.touch(s, 4);
    }
    assert_eq!(p.stories(), [1, 3, 2]);
    for s in [4, 5, 6, 1] {
        p.touch(s, 4);
    }
    assert_eq!(p.stories(), [4, 5, 6, 1]);
    let mut big = Posting::default();
    for s in 0..10 {
        big.touch(s, 8);
    }
    assert_eq!(big.stories(), (2..10).collect::<Vec<u32>>().as_slice());
    big.touch(5, 8);
    assert_eq!(big.stories().last(), Some(&5));
    assert_eq!(big.stories().len(), 8);
}

#[test]
fn stop_words_and_numbers_are_not_features() {
    let f = StoryFeatures::new("fr", "le la les 2024 du de", &[], None);
    assert_eq!(f.term_count(), 0);
    // Inflections share a stem.
    let g = StoryFeatures::new("fr", "négociations négociation", &[], None);
    assert_eq!(g.term_count(), 1);
}

fn brief(text: &str, entities: &[&str], day: i32) -> StoryFeatures {
    StoryFeatures::new("fr", text, &keys(entities), Some(day))
}

#[test]
fn one_shared_place_and_the_words_of_a_genre_do_not_make_a_story() {
    // Two accidents in one town, in one batch: the words of the genre and
    // the town are shared, nothing else.
    let first = brief(
        "Les pompiers ont secouru un cycliste blessé hier soir rue des Tanneurs à \
         Montvallon, après une collision avec une voiture au carrefour.",
        &["LOC:montvallon", "LOC:rue-des-tanneurs"],
        DAY,
    );
    let second = brief(
        "Les pompiers ont secouru hier une passante blessée à Montvallon, renversée \
         par un scooter devant la boulangerie de la place du marché.",
        &["LOC:montvallon", "LOC:place-du-marche"],
        DAY + 1,
    );
    // Elsewhere, the same genre.
    let others = [
        brief(
            "Hier soir, les pompiers ont secouru un motard blessé après une collision \
             avec une camionnette à Bellerive.",
            &["LOC:bellerive"],
            DAY,
        ),
        brief(
            "Une cycliste blessée a été secourue hier par les pompiers à Roche-Haute, \
             heurtée par une voiture au carrefour de la gare.",
            &["LOC:roche-haute"],
            DAY + 1,
        ),
    ];
    let mut batch = vec![first, second];
    batch.extend(others);
    let mut s = Stories::new(StoryParams::default());
    s.count_ahead(&batch);
    let placed: Vec<StoryAssignment> = batch.iter().map(|f| s.add(f)).collect();
    assert!(placed.iter().all(|a| a.opened), "{placed:?}");
    // A stream that has seen the genre before weighs it the same way.
    let mut stream = Stories::new(StoryParams::default());
    for f in batch.iter().skip(2).chain(batch.iter().take(2)) {
        let a = stream.add(f);
        assert!(a.opened, "{a:?}");
    }
}

#[test]
fn a_missing_day_never_blocks_a_join_and_a_far_one_does() {
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    let mut undated = flood_fr_followup();
    undated.day = None;
    let b = s.add(&undated);
    assert_eq!(b.story, a.story, "{b:?}");
    let mut far = flood_fr_followup();
    far.day = Some(DAY + StoryParams::default().max_gap_days + 2);
    assert!(s.add(&far).opened);
}

#[test]
fn a_story_followed_for_months_stays_one_story() {
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    // The same subject taken up again four months later (the inquiry,
    // the rebuilding): the words and names, not the gap, decide.
    let mut later = flood_fr_followup();
    later.day = Some(DAY + 120);
    let b = s.add(&later);
    assert_eq!(b.story, a.story, "{b:?}");
    // The gap still costs something: the same article the next day is
    // closer.
    let mut s2 = Stories::new(StoryParams::default());
    s2.add(&flood_fr());
    let mut next = flood_fr_followup();
    next.day = Some(DAY + 1);
    assert!(s2.add(&next).similarity > b.similarity);
}

#[test]
fn counting_a_batch_ahead_counts_each_article_once() {
    let batch = [flood_fr(), budget_fr(), flood_fr_followup()];
    let mut ahead = Stories::new(StoryParams::default());
    ahead.count_ahead(&batch);
    let ln_n = ahead.ln_n();
    for f in &batch {
        ahead.add(f);
    }
    let mut stream = Stories::new(StoryParams::default());
    for f in &batch {
        stream.add(f);
    }
    // Once the batch is in, both know the same frequencies.
    assert_eq!(ahead.info, stream.info);
    assert_eq!(ahead.ln_n(), ln_n);
    assert_eq!(ahead.ahead, 0);
    assert_eq!(ahead.story_of(2), ahead.story_of(0));
}

#[test]
fn renumbering_gives_articles_their_place_in_the_batch() {
    let mut s = Stories::new(StoryParams::default());
    // Added as batch articles 2, 0, 1.
    for f in [flood_fr(), budget_fr(), flood_fr_followup()] {
        s.add(&f);
    }
    s.renumber(&[2, 0, 1]).expect("a permutation");
    assert_eq!(s.story_of(2), s.story_of(1));
    assert_ne!(s.story_of(0), s.story_of(2));
    let flood = s.story(s.story_of(2).expect("story")).expect("story");
    assert_eq!(flood.articles, vec![1, 2]);
    assert_eq!(s.renumber(&[0, 0, 1]), Err(NotAPermutation));
    assert_eq!(s.renumber(&[0, 1]), Err(NotAPermutation));
}

#[test]
fn title_words_count_more() {
    let plain = StoryFeatures::new("fr", "crue de la Loire", &[], None);
    let titled = StoryFeatures::titled("fr", "Crue", "crue de la Loire", &[], None);
    let count = |f: &StoryFeatures| f.terms.iter().map(|t| t.count).max();
    assert_eq!(count(&plain), Some(1));
    assert_eq!(count(&titled), Some(3));
    assert_eq!(titled.term_count(), plain.term_count());
}

/// The cached weights of the words of story `s`'s first centroid.
fn word_weights(s: &Stories, story: StoryId) -> Vec<(u32, f32)> {
    s.story(story)
        .and_then(|st| st.terms.first())
        .map(|c| c.entries.iter().map(|e| (e.0, e.2)).collect())
        .unwrap_or_default()
}

#[test]
fn in_a_stream_a_story_of_one_article_keeps_its_words() {
    // Nothing is counted ahead: every word of the first article is seen
    // once when its story opens, and the next article may share them.
    let mut s = Stories::new(StoryParams::default());
    let a = s.add(&flood_fr());
    assert!(word_weights(&s, a.story).iter().all(|&(_, w)| w > 0.0));
    // Two names only (three would join on names alone): the words decide.
    let b = s.add(&StoryFeatures::new(
        "fr",
        FLOOD_FOLLOWUP_FR,
        &keys(&["LOC:saumur", "LOC:loire"]),
        Some(DAY + 1),
    ));
    assert!(!b.opened, "{b:?}");
    assert_eq!(b.story, a.story);
}

#[test]
fn a_batch_counted_ahead_leaves_words_no_other_article_has_out_of_centroids() {
    let batch = [flood_fr(), budget_fr(), flood_fr_followup()];
    let mut s = Stories::new(StoryParams::default());
    s.count_ahead(&batch);
    let a = s.add(&batch[0]);
    let weights = word_weights(&s, a.story);
    let (shared, own): (Vec<_>, Vec<_>) = weights.iter().partition(|&&(f, _)| s.df(f) >= 2);
    assert!(!shared.is_empty() && !own.is_empty());
    assert!(shared.iter().all(|&&(_, w)| w > 0.0), "{shared:?}");
    assert!(own.iter().all(|&&(_, w)| w == 0.0), "{own:?}");
    // The rest of the batch joins as before.
    s.add(&batch[1]);
    assert_eq!(s.add(&batch[2]).story, a.story);
}
