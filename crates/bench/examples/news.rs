//! Writes the generated news corpus (`filrouge::bench::news`) to a folder,
//! one plain-text article per file (and `stories.tsv`: the story, kind
//! and day of each), to look at it or to feed it to
//! `filrouge timeline` / `filrouge ingest`.
//!
//! `cargo run --release -p filrouge-bench --example news -- DIR N`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).ok_or("usage: news DIR N")?);
    let n: usize = args.get(2).ok_or("usage: news DIR N")?.parse()?;
    std::fs::create_dir_all(&dir)?;
    // The truth beside the articles: which story (event) each reports.
    let mut truth = String::from("file\tstory\tkind\tdate\n");
    for (i, a) in filrouge_bench::news::generate_news(n)?.iter().enumerate() {
        let file = format!("{i:07}-{}.txt", a.lang);
        std::fs::write(dir.join(&file), &a.text)?;
        truth.push_str(&format!(
            "{file}\t{}\t{}\t{}\n",
            a.story, a.kind, a.event_date
        ));
    }
    std::fs::write(dir.join("stories.tsv"), truth)?;
    Ok(())
}
