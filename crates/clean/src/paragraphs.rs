//! Splitting normalised text into paragraphs.
//!
//! Crawled text comes in two styles: one paragraph per line, or paragraphs
//! separated by blank lines, sometimes hard-wrapped at a fixed width. A block
//! between blank lines is one paragraph when its lines look hard-wrapped
//! (most of them stop mid-sentence); otherwise each line is a paragraph.

use filrouge_model::Span;

/// One paragraph of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paragraph {
    /// Its extent, from the first to the last non-space byte.
    pub span: Span,
    /// Positions of the `\n` bytes inside it (hard wraps to join).
    pub line_breaks: Vec<usize>,
}

/// Splits `text` (normalised: `\n` line ends, no trailing spaces).
pub(crate) fn split(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut block: Vec<Span> = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let span = Span::new(pos, pos + line.len());
        pos += line.len() + 1;
        if line.trim().is_empty() {
            flush(text, &mut block, &mut out);
        } else {
            block.push(span);
        }
    }
    flush(text, &mut block, &mut out);
    out
}

fn flush(text: &str, block: &mut Vec<Span>, out: &mut Vec<Paragraph>) {
    if block.is_empty() {
        return;
    }
    if is_hard_wrapped(text, block) {
        let span = Span::new(block[0].start, block[block.len() - 1].end);
        let line_breaks = block[..block.len() - 1].iter().map(|s| s.end).collect();
        out.push(Paragraph { span, line_breaks });
    } else {
        out.extend(block.iter().map(|&span| Paragraph {
            span,
            line_breaks: Vec::new(),
        }));
    }
    block.clear();
}

/// Lines of similar width, most of them continued by a lower-case word
/// (a wrap falls mid-sentence; a heading is followed by a capital).
fn is_hard_wrapped(text: &str, lines: &[Span]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let continued = lines[1..]
        .iter()
        .filter(|s| {
            text[s.range()]
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        })
        .count();
    if continued * 2 < lines.len() - 1 {
        return false;
    }
    let widths: Vec<usize> = lines.iter().map(Span::len).collect();
    let body = &widths[..widths.len() - 1];
    let max = body.iter().copied().max().unwrap_or(0);
    let min = body.iter().copied().min().unwrap_or(0);
    // Fixed-width wrapping: all but the last line within a narrow band.
    (20..=110).contains(&max) && min * 10 >= max * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_per_line() {
        let t = "Premier paragraphe assez long pour compter comme un paragraphe.\nSecond paragraphe, lui aussi complet, qui se termine ici.";
        assert_eq!(split(t).len(), 2);
    }

    #[test]
    fn hard_wrapped_block_is_one_paragraph() {
        let t = "Le barrage a cédé vers six heures du matin,\nselon les pompiers, qui ont aussitôt donné\nl'alerte aux villages voisins.\n\nAutre paragraphe.";
        let p = split(t);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].line_breaks.len(), 2);
    }

    #[test]
    fn blank_lines_separate() {
        let t = "Titre\n\nCorps du texte.\n\n\nFin.";
        let spans: Vec<&str> = split(t).iter().map(|p| &t[p.span.range()]).collect();
        assert_eq!(spans, ["Titre", "Corps du texte.", "Fin."]);
    }
}
