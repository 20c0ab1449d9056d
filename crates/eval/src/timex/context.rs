//! The one-line context an error report shows around a time expression.

/// Characters of context shown on each side of an expression.
pub(super) const CONTEXT_CHARS: usize = 30;

/// Where an error about a gold and/or a system span sits (the start of
/// the leftmost) and its context: the spans' union in `[...]`, and when
/// both are given and differ, each extent after it.
pub(super) fn error_context(
    text: &str,
    gold: Option<(usize, usize)>,
    system: Option<(usize, usize)>,
) -> (usize, String) {
    let spans = [gold, system];
    let start = spans.iter().flatten().map(|s| s.0).min().unwrap_or(0);
    let end = spans.iter().flatten().map(|s| s.1).max().unwrap_or(0);
    let context = match (gold, system) {
        (Some(g), Some(s)) if g != s => context_two(text, g, s),
        _ => context(text, start, end),
    };
    (start, context)
}

/// Largest char boundary of `text` at or below `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` on one line: every whitespace character becomes a space.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// `before[span]after`, up to [`CONTEXT_CHARS`] characters each side.
fn context(text: &str, start: usize, end: usize) -> String {
    let start = floor_boundary(text, start);
    let end = floor_boundary(text, end).max(start);
    let before = &text[..start];
    let cut = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(k, _)| k);
    let after = &text[end..];
    let keep = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(k, _)| k);
    format!(
        "{}{}[{}]{}{}",
        if cut > 0 { "…" } else { "" },
        one_line(&before[cut..]),
        one_line(&text[start..end]),
        one_line(&after[..keep]),
        if keep < after.len() { "…" } else { "" },
    )
}

/// Context for two overlapping spans: the union in `[...]`, then each
/// extent after it (`gold: ...`, `system: ...`).
fn context_two(text: &str, gold: (usize, usize), system: (usize, usize)) -> String {
    let slice = |(a, b): (usize, usize)| {
        let a = floor_boundary(text, a);
        let b = floor_boundary(text, b).max(a);
        one_line(&text[a..b])
    };
    format!(
        "{} (gold [{}], system [{}])",
        context(text, gold.0.min(system.0), gold.1.max(system.1)),
        slice(gold),
        slice(system),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_one_line_and_bounded() {
        let text = format!("{}\nle 3\tmai{}", "é".repeat(50), "x".repeat(50));
        let start = text.find("3").unwrap_or(0);
        let ctx = context(&text, start, start + "3\tmai".len());
        assert!(ctx.starts_with('…') && ctx.ends_with('…'));
        assert!(ctx.contains(" le [3 mai]xx"));
        assert!(!ctx.contains(['\n', '\t']));
        assert!(ctx.chars().count() <= 2 * CONTEXT_CHARS + 12);
        // Offsets inside a character do not panic.
        let _ = context(&text, 1, 3);
    }
}
