//! The generated plain-text corpus of the throughput benchmarks:
//! deterministic (a fixed-seed generator over French and English news
//! sentences written for this purpose), carrying the defects cleaning
//! handles: repeated paragraphs, a repeated title, boilerplate lines and a
//! credit line.

const FR: &[&str] = &[
    "Le conseil municipal s'est réuni mardi soir pour examiner le budget de l'année prochaine.",
    "Selon la préfecture, près de 1 200 foyers restent privés d'électricité depuis la tempête.",
    "« Nous ne laisserons personne de côté », a déclaré M. Hamel, le maire de la commune.",
    "Les discussions ont duré près de deux heures, a indiqué une source proche du dossier.",
    "La ministre a annoncé une enveloppe de 3,5 millions d'euros pour la reconstruction.",
    "Les syndicats ont appelé à une nouvelle journée de mobilisation le 14 octobre.",
    "D'après Mme Lefort, les travaux devraient commencer début janvier au plus tôt.",
    "L'entreprise n'a pas souhaité commenter ces informations jeudi.",
];

const EN: &[&str] = &[
    "The council met on Tuesday evening to review next year's budget.",
    "About 1,200 homes were still without power after the storm, officials said.",
    "\"We will not leave anyone behind,\" Mayor Hamel told reporters.",
    "The talks lasted nearly two hours, according to a person familiar with the matter.",
    "The minister announced $3.5 million for reconstruction on Friday.",
    "Unions called for another day of strikes on Oct. 14.",
];

/// Deterministic linear congruential generator (no dependency needed for
/// bench data).
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// `n` plain-text articles, about 2-3 KB each.
pub fn generate_corpus(n: usize) -> Vec<Vec<u8>> {
    let mut rng = Lcg(42);
    (0..n)
        .map(|i| {
            let pool = if i % 3 == 2 { EN } else { FR };
            let mut text = format!("Article {i} : le point sur la situation\n\n");
            if i % 5 == 0 {
                text.push_str(&format!("Article {i} : le point sur la situation\n\n"));
            }
            let paragraphs: Vec<String> = (0..8)
                .map(|p| {
                    let sentences: Vec<&str> =
                        (0..3).map(|_| pool[rng.next() % pool.len()]).collect();
                    format!("{} (paragraphe {p}, dépêche {i}.)", sentences.join(" "))
                })
                .collect();
            for p in &paragraphs {
                text.push_str(p);
                text.push('\n');
            }
            if i % 4 == 0 {
                // A crawler artefact: the body repeated.
                for p in &paragraphs[1..4] {
                    text.push_str(p);
                    text.push('\n');
                }
            }
            text.push_str(
                "Lire aussi : notre dossier complet\nSource : AFP\nLaisser un commentaire\n",
            );
            text.into_bytes()
        })
        .collect()
}
