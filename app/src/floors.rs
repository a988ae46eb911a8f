//! The import rules of ARCHITECTURE.md, checked on the source: no file of `app/src` or
//! `server/src` imports (through any chain) a file that imports it back, and inside
//! `app/src/ssr` each floor imports only from the floors below it. A `use`, a path in code
//! and a `pub use` re-export all count; `mod` declarations and test modules do not. And
//! a workflow state is never spelled out where the typed enums of `entity/src/status.rs`
//! belong: no SQL literal of one and no comparison of a stored state with a string.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A crate's files by module path (`["ssr", "services", "register"]`; `[]` for the root).
type Modules = BTreeMap<Vec<String>, PathBuf>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_path(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).expect("under the root");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// The source without comments, string and char literals, and test modules.
fn code_of(source: &str) -> String {
    let source = match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => &source[..at],
        None => source,
    };
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = |at: usize, n: usize| chars.get(at + n).copied().unwrap_or(' ');
        match chars[i] {
            '/' if rest(i, 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if rest(i, 1) == '*' => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && rest(i, 1) == '/') {
                    i += 1;
                }
                i += 2;
            }
            'r' if (i == 0 || !is_ident(chars[i - 1]))
                && (rest(i, 1) == '#' || rest(i, 1) == '"') =>
            {
                // A raw string: r"…" or r#"…"#.
                let mut hashes = 0;
                let mut j = i + 1;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    out.push(chars[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= chars.len() {
                        break;
                    }
                    if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("\"\"");
            }
            '\'' if rest(i, 2) == '\'' || (rest(i, 1) == '\\' && rest(i, 3) == '\'') => {
                // A char literal such as '"' or '\n' (not a lifetime).
                i += if rest(i, 1) == '\\' { 4 } else { 3 };
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path starting with `crate` or `super` in `code`, with `use` groups expanded.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = (i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':')
            && ["crate::", "super::"]
                .iter()
                .any(|p| chars[i..].starts_with(&p.chars().collect::<Vec<_>>()));
        if !starts {
            i += 1;
            continue;
        }
        let end = path_end(&chars, i);
        let text: String = chars[i..end].iter().collect();
        expand(&text, &mut found);
        i = end;
    }
    found
}

/// Where a path starting at `start` ends: after its identifiers, `::` and one `{…}` group.
fn path_end(chars: &[char], start: usize) -> usize {
    let mut i = start;
    let mut depth = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            depth += 1;
        } else if c == '}' {
            if depth == 0 {
                break;
            }
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        } else if depth == 0 && !(is_ident(c) || c == ':') {
            break;
        }
        i += 1;
    }
    i
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(text: &str, out: &mut Vec<Vec<String>>) {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match text.find('{') {
        None => out.push(
            text.split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ),
        Some(open) => {
            let prefix = &text[..open];
            let inner = &text[open + 1..text.len().saturating_sub(1)];
            let mut depth = 0;
            let mut item = String::new();
            for c in inner.chars().chain(std::iter::once(',')) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if c == ',' && depth == 0 {
                    if !item.is_empty() && item != "self" && item != "*" {
                        expand(&format!("{prefix}{item}"), out);
                    } else {
                        expand(prefix, out);
                    }
                    item.clear();
                } else {
                    item.push(c);
                }
            }
        }
    }
}

/// The files each file of the crate at `root` imports.
fn imports(root: &Path) -> (Modules, BTreeMap<PathBuf, BTreeSet<PathBuf>>) {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let modules: Modules = files
        .iter()
        .map(|f| (module_path(root, f), f.clone()))
        .collect();
    let mut edges = BTreeMap::new();
    for (me, file) in &modules {
        let source = std::fs::read_to_string(file).expect("a readable source file");
        let mut targets = BTreeSet::new();
        for path in paths_in(&code_of(&source)) {
            let mut base: Vec<String> = Vec::new();
            let mut rest = path.as_slice();
            if rest.first().is_some_and(|s| s == "crate") {
                rest = &rest[1..];
            } else {
                base = me.clone();
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
            let target = (0..=full.len())
                .rev()
                .find_map(|n| modules.get(&full[..n]))
                .filter(|t| *t != file);
            if let Some(t) = target {
                targets.insert(t.clone());
            }
        }
        edges.insert(file.clone(), targets);
    }
    (modules, edges)
}

/// The chains by which a file reaches itself again, one per file on a loop.
fn loops(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    let mut found = Vec::new();
    for start in edges.keys() {
        // Breadth-first from the file's imports back to the file, keeping the way.
        let mut came_from: BTreeMap<&PathBuf, &PathBuf> = BTreeMap::new();
        let mut queue: std::collections::VecDeque<&PathBuf> = edges[start].iter().collect();
        for next in &edges[start] {
            came_from.insert(next, start);
        }
        while let Some(at) = queue.pop_front() {
            if at == start {
                let mut way = vec![start.clone()];
                let mut step = came_from[start];
                while step != start {
                    way.push(step.clone());
                    step = came_from[step];
                }
                way.push(start.clone());
                way.reverse();
                found.push(way);
                break;
            }
            for next in edges.get(at).into_iter().flatten() {
                if !came_from.contains_key(next) {
                    came_from.insert(next, at);
                    queue.push_back(next);
                }
            }
        }
    }
    found
}

fn crate_root(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

fn shown(root: &Path, way: &[PathBuf]) -> String {
    way.iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The floor of a file under `app/src/ssr` (higher may import lower), or `None` elsewhere.
fn floor(root: &Path, file: &Path) -> Option<(u8, &'static str)> {
    let relative = file
        .strip_prefix(root)
        .ok()?
        .to_string_lossy()
        .replace('\\', "/");
    let bottom = [
        "ssr/access.rs",
        "ssr/columns.rs",
        "ssr/db.rs",
        "ssr/sql.rs",
        "ssr/password.rs",
        "ssr/metrics.rs",
        "ssr/client_addr.rs",
    ];
    Some(
        if bottom.contains(&relative.as_str())
            || relative.starts_with("ssr/export")
            || relative.starts_with("ssr/import_file")
        {
            (1, "access and database plumbing, file formats")
        } else if [
            "ssr/services/audit.rs",
            "ssr/services/lookup.rs",
            "ssr/services/versioned.rs",
        ]
        .contains(&relative.as_str())
        {
            (2, "write plumbing")
        } else if relative.starts_with("ssr/services") {
            (3, "area services")
        } else if relative.starts_with("ssr/rollup") {
            (4, "read models")
        } else if relative.starts_with("ssr") {
            (5, "requests: auth, sessions, state")
        } else {
            return None;
        },
    )
}

/// The places a workflow state is spelled as a string instead of its enum, in
/// `app/src/ssr` and `server/src`: SQL literals (`'approved'`) and comparisons or filters
/// of a state column with a string (`status == "open"`, `Status.eq("closed")`).
fn spelled_out_states() -> Vec<String> {
    const STATES: [&str; 9] = [
        "planned",
        "ongoing",
        "closed",
        "open",
        "draft",
        "submitted",
        "returned",
        "approved",
        "realised",
    ];
    let mut files = Vec::new();
    rust_files(&crate_root("app").join("ssr"), &mut files);
    rust_files(&crate_root("server"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("a source file");
        let source = match source.find("#[cfg(test)]\nmod tests") {
            Some(at) => &source[..at],
            None => &source,
        };
        for state in STATES {
            let spellings = [
                format!("'{state}'"),
                format!("status == \"{state}\""),
                format!("status != \"{state}\""),
                format!("kind == \"{state}\""),
                format!("Status.eq(\"{state}\")"),
                format!("Kind.eq(\"{state}\")"),
            ];
            for spelling in spellings.iter().filter(|s| source.contains(s.as_str())) {
                found.push(format!("{}: {spelling}", file.display()));
            }
        }
    }
    found
}

#[test]
fn workflow_states_are_typed_not_spelled_out() {
    let found = spelled_out_states();
    assert!(
        found.is_empty(),
        "use entity::status instead:\n{}",
        found.join("\n")
    );
}

/// Money by funding source is a `BySource`, named by source: never five amounts in an
/// array indexed by position, nor a list of the sources' codes of its own.
#[test]
fn money_by_source_is_named_not_positional() {
    let mut files = Vec::new();
    rust_files(&crate_root("app"), &mut files);
    rust_files(&crate_root("server"), &mut files);
    let spellings = [
        "[Money; 5]",
        "[String; 5]",
        "SOURCE_CODES",
        "\"eu\", \"state\", \"city\"",
    ];
    let found: Vec<String> = files
        .iter()
        .filter(|file| !file.ends_with("floors.rs") && !file.ends_with("sources.rs"))
        .flat_map(|file| {
            let source = std::fs::read_to_string(file).expect("a source file");
            spellings
                .iter()
                .filter(|s| source.contains(*s))
                .map(|s| format!("{}: {s}", file.display()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        found.is_empty(),
        "use model::sources::BySource instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    for name in ["app", "server"] {
        let root = crate_root(name);
        let (modules, edges) = imports(&root);
        assert!(modules.len() > 10, "{name}: the sources were found");
        let found: Vec<String> = loops(&edges).iter().map(|w| shown(&root, w)).collect();
        assert!(
            found.is_empty(),
            "{name}/src has import loops:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn each_server_floor_imports_only_from_the_floors_below() {
    let root = crate_root("app");
    let (_, edges) = imports(&root);
    let mut wrong = Vec::new();
    for (file, targets) in &edges {
        let Some((mine, _)) = floor(&root, file) else {
            continue;
        };
        for target in targets {
            if let Some((theirs, what)) = floor(&root, target)
                && theirs > mine
            {
                wrong.push(format!(
                    "{} imports {} ({what})",
                    shown(&root, std::slice::from_ref(file)),
                    shown(&root, std::slice::from_ref(target))
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_uses_groups_paths_in_code_and_skips_comments_and_strings() {
    let code = code_of(
        "use crate::a::{b, c::{d, self}};\n// crate::x::y\nlet s = \"crate::q\";\nlet v = super::w::f(r#\"crate::r\"#, '\"');\n#[cfg(test)]\nmod tests { use crate::t; }",
    );
    let mut found = paths_in(&code);
    found.sort();
    let want: Vec<Vec<String>> = [
        vec!["crate", "a", "b"],
        vec!["crate", "a", "c"],
        vec!["crate", "a", "c", "d"],
        vec!["super", "w", "f"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(found, want);
    let edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(f, t)| (f.into(), t.into_iter().map(PathBuf::from).collect()))
    .collect();
    let found = loops(&edges);
    assert_eq!(found.len(), 3, "a, b and c are each on the loop: {found:?}");
    assert_eq!(found[0], ["a", "b", "c", "a"].map(PathBuf::from));
}
