//! The definition as a tree the builder edits: where a field is ([`FieldPath`]), where it
//! can go ([`Dest`]), and the edits (insert, remove, move) that keep every row and field
//! the builder did not touch exactly as it was, unknown properties included. A row left
//! empty by a move or a removal goes; rows the form already had empty stay.

use gatehouse_wire::form::{Field, FormDefinition, Row};
use serde_json::Value;

/// One step down the tree: the row, then the field in that row.
pub type Step = (usize, usize);

/// Where a field sits: the steps from the form's rows through sections to the field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct FieldPath(pub Vec<Step>);

impl FieldPath {
    pub fn top(row: usize, field: usize) -> FieldPath {
        FieldPath(vec![(row, field)])
    }

    /// The section whose rows hold the field (empty: the form's own rows).
    pub fn container(&self) -> &[Step] {
        &self.0[..self.0.len().saturating_sub(1)]
    }

    /// The field's row and index in its container.
    pub fn last(&self) -> Step {
        self.0.last().copied().unwrap_or_default()
    }

    /// A path inside `container` (a field of one of its rows).
    pub fn child(container: &[Step], row: usize, field: usize) -> FieldPath {
        let mut steps = container.to_vec();
        steps.push((row, field));
        FieldPath(steps)
    }

    /// Whether `steps` lies inside this field (it is this field or a descendant).
    pub fn contains(&self, steps: &[Step]) -> bool {
        steps.len() >= self.0.len() && steps[..self.0.len()] == self.0[..]
    }

    /// A text form for DOM attributes (`0.1/2.0`).
    pub fn key(&self) -> String {
        self.0
            .iter()
            .map(|(r, f)| format!("{r}.{f}"))
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Where a field goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// A new row of its own at `index` among the container's rows.
    NewRow { container: Vec<Step>, index: usize },
    /// Into row `row` of the container, before its field `index` (its length: at the end).
    InRow {
        container: Vec<Step>,
        row: usize,
        index: usize,
    },
}

impl Dest {
    pub fn container(&self) -> &[Step] {
        match self {
            Dest::NewRow { container, .. } | Dest::InRow { container, .. } => container,
        }
    }
}

/// The rows of a container: the form's (empty steps) or a section's.
pub fn rows<'a>(def: &'a FormDefinition, container: &[Step]) -> Option<&'a Vec<Row>> {
    let mut rows = &def.fields;
    for &(r, f) in container {
        match rows.get(r)?.fields.get(f)? {
            Field::Section(s) => rows = &s.fields,
            _ => return None,
        }
    }
    Some(rows)
}

pub fn rows_mut<'a>(def: &'a mut FormDefinition, container: &[Step]) -> Option<&'a mut Vec<Row>> {
    let mut rows = &mut def.fields;
    for &(r, f) in container {
        match rows.get_mut(r)?.fields.get_mut(f)? {
            Field::Section(s) => rows = &mut s.fields,
            _ => return None,
        }
    }
    Some(rows)
}

pub fn field<'a>(def: &'a FormDefinition, path: &FieldPath) -> Option<&'a Field> {
    let (r, f) = *path.0.last()?;
    rows(def, path.container())?.get(r)?.fields.get(f)
}

pub fn field_mut<'a>(def: &'a mut FormDefinition, path: &FieldPath) -> Option<&'a mut Field> {
    let (r, f) = *path.0.last()?;
    rows_mut(def, path.container())?.get_mut(r)?.fields.get_mut(f)
}

/// Every field's path, depth first (a section, then the fields of its rows).
pub fn all_paths(def: &FormDefinition) -> Vec<FieldPath> {
    fn walk(rows: &[Row], prefix: &[Step], out: &mut Vec<FieldPath>) {
        for (ri, row) in rows.iter().enumerate() {
            for (fi, field) in row.fields.iter().enumerate() {
                let path = FieldPath::child(prefix, ri, fi);
                out.push(path.clone());
                if let Field::Section(s) = field {
                    walk(&s.fields, &path.0, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&def.fields, &[], &mut out);
    out
}

/// The first field with this id.
pub fn find_id(def: &FormDefinition, id: &str) -> Option<FieldPath> {
    all_paths(def)
        .into_iter()
        .find(|p| field(def, p).and_then(Field::id) == Some(id))
}

/// Every field id and row id in use.
pub fn used_ids(def: &FormDefinition) -> Vec<String> {
    fn walk(rows: &[Row], out: &mut Vec<String>) {
        for row in rows {
            out.extend(row.id.clone());
            for f in &row.fields {
                out.extend(f.id().map(str::to_owned));
                if let Field::Section(s) = f {
                    walk(&s.fields, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&def.fields, &mut out);
    out
}

/// `prefix-N` with the smallest N (from 1) that no field or row uses.
pub fn fresh_id(def: &FormDefinition, prefix: &str) -> String {
    let used = used_ids(def);
    (1..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| !used.contains(id))
        .unwrap_or_default()
}

/// Puts a field at `dest`; returns its path, `None` when `dest` is not in the tree.
pub fn insert(def: &mut FormDefinition, dest: &Dest, field: Field) -> Option<FieldPath> {
    let row_id = fresh_id(def, "row");
    let rows = rows_mut(def, dest.container())?;
    match dest {
        Dest::NewRow { container, index } => {
            let index = (*index).min(rows.len());
            rows.insert(
                index,
                Row {
                    id: Some(row_id),
                    fields: vec![field],
                    extra: Default::default(),
                },
            );
            Some(FieldPath::child(container, index, 0))
        }
        Dest::InRow { container, row, index } => {
            let fields = &mut rows.get_mut(*row)?.fields;
            let index = (*index).min(fields.len());
            fields.insert(index, field);
            Some(FieldPath::child(container, *row, index))
        }
    }
}

/// Takes a field out; its row goes too when it is left empty (returned second).
pub fn remove(def: &mut FormDefinition, path: &FieldPath) -> Option<(Field, Option<Row>)> {
    let (r, f) = *path.0.last()?;
    let rows = rows_mut(def, path.container())?;
    let row = rows.get_mut(r)?;
    if f >= row.fields.len() {
        return None;
    }
    let field = row.fields.remove(f);
    let emptied = row.fields.is_empty().then(|| rows.remove(r));
    Some((field, emptied))
}

/// Stand-ins a parsed definition never holds (a field read from JSON is an object).
fn marker_from() -> Field {
    Field::Unknown(Value::Null)
}

fn marker_to() -> Field {
    Field::Unknown(Value::Bool(true))
}

fn find_marker(def: &FormDefinition, marker: &Field) -> Option<FieldPath> {
    all_paths(def).into_iter().find(|p| field(def, p) == Some(marker))
}

/// Moves a field to `dest` (given as paths before the move) and returns where it ends
/// up. A field alone in its row moved to a new row takes its row (id and all) along.
/// `None`, and nothing changed, when `dest` is inside the field itself or not in the tree.
pub fn move_field(def: &mut FormDefinition, from: &FieldPath, dest: &Dest) -> Option<FieldPath> {
    if from.contains(dest.container()) || field(def, from).is_none() {
        return None;
    }
    let mut next = def.clone();
    let moving = std::mem::replace(field_mut(&mut next, from)?, marker_from());
    insert(&mut next, dest, marker_to())?;
    let at = find_marker(&next, &marker_from())?;
    let (_, emptied) = remove(&mut next, &at)?;
    let to = find_marker(&next, &marker_to())?;
    if let (Some(old_row), Dest::NewRow { .. }) = (emptied, dest) {
        let (r, _) = to.last();
        if let Some(row) = rows_mut(&mut next, to.container()).and_then(|rows| rows.get_mut(r)) {
            row.id = old_row.id;
            row.extra = old_row.extra;
        }
    }
    *field_mut(&mut next, &to)? = moving;
    *def = next;
    Some(to)
}

/// The places up and down the form a field can go, in reading order: a new row before
/// each row, each row, and the rows of each section (except inside `skip`, the field
/// being moved), a new row after the last.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stop {
    Gap(Vec<Step>, usize),
    Row(Vec<Step>, usize),
}

fn stops(def: &FormDefinition, skip: &FieldPath) -> Vec<Stop> {
    fn walk(rows: &[Row], container: &[Step], skip: &FieldPath, out: &mut Vec<Stop>) {
        out.push(Stop::Gap(container.to_vec(), 0));
        for (ri, row) in rows.iter().enumerate() {
            out.push(Stop::Row(container.to_vec(), ri));
            for (fi, field) in row.fields.iter().enumerate() {
                let path = FieldPath::child(container, ri, fi);
                if let (Field::Section(s), false) = (field, path == *skip) {
                    walk(&s.fields, &path.0, skip, out);
                }
            }
            out.push(Stop::Gap(container.to_vec(), ri + 1));
        }
    }
    let mut out = Vec::new();
    walk(&def.fields, &[], skip, &mut out);
    out
}

/// Moves a field one place up or down: into the next row (at its end), into a section,
/// out of it, or onto a row of its own, skipping places that would change nothing.
/// Returns the new definition and path, `None` at the top or bottom of the form.
pub fn move_vertical(def: &FormDefinition, from: &FieldPath, down: bool) -> Option<(FormDefinition, FieldPath)> {
    let all = stops(def, from);
    let here = Stop::Row(from.container().to_vec(), from.last().0);
    let at = all.iter().position(|s| *s == here)?;
    let order: Box<dyn Iterator<Item = &Stop>> = if down {
        Box::new(all[at + 1..].iter())
    } else {
        Box::new(all[..at].iter().rev())
    };
    for stop in order {
        let dest = match stop {
            Stop::Gap(container, index) => Dest::NewRow {
                container: container.clone(),
                index: *index,
            },
            Stop::Row(container, row) => Dest::InRow {
                container: container.clone(),
                row: *row,
                index: rows(def, container)
                    .and_then(|r| r.get(*row))
                    .map_or(0, |r| r.fields.len()),
            },
        };
        let mut next = def.clone();
        if let Some(path) = move_field(&mut next, from, &dest) {
            if next != *def {
                return Some((next, path));
            }
        }
    }
    None
}

/// Swaps a field with its neighbour in the row; `None` at the row's edge.
pub fn move_horizontal(def: &FormDefinition, from: &FieldPath, right: bool) -> Option<(FormDefinition, FieldPath)> {
    let (r, f) = from.last();
    let len = rows(def, from.container())?.get(r)?.fields.len();
    let to = if right { f + 1 } else { f.checked_sub(1)? };
    if to >= len {
        return None;
    }
    let mut next = def.clone();
    rows_mut(&mut next, from.container())?.get_mut(r)?.fields.swap(f, to);
    Some((next, FieldPath::child(from.container(), r, to)))
}

/// What a person calls a field: its label (or model, or id); a section by its header.
pub fn field_name(field: &Field) -> String {
    match field {
        Field::Section(s) => s
            .header
            .clone()
            .filter(|h| !h.trim().is_empty())
            .map(|h| format!("section {h}"))
            .unwrap_or_else(|| format!("section {}", s.id)),
        Field::FormText(t) => format!("text {}", t.id),
        Field::Unknown(v) => format!("field {}", v.get("id").and_then(Value::as_str).unwrap_or("(no id)")),
        input => input.input().map(|f| f.display_name().to_string()).unwrap_or_default(),
    }
}

/// Where a field is, in words: `row 2 of 3, position 1 of 2`, and the section around it.
pub fn describe_place(def: &FormDefinition, path: &FieldPath) -> String {
    let (r, f) = path.last();
    let Some(rows) = rows(def, path.container()) else {
        return String::new();
    };
    let in_row = rows.get(r).map_or(0, |row| row.fields.len());
    let mut text = format!("row {} of {}, position {} of {in_row}", r + 1, rows.len(), f + 1);
    if !path.container().is_empty() {
        let section = FieldPath(path.container().to_vec());
        if let Some(s) = field(def, &section) {
            text.push_str(&format!(", in {}", field_name(s)));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn def(rows: Value) -> FormDefinition {
        serde_json::from_value(json!({ "fields": rows })).unwrap()
    }

    fn s(id: &str) -> Value {
        json!({"id": id, "type": "string", "model": format!("m.{id}")})
    }

    /// The ids of each row's fields (sections as `id[...]`).
    fn shape(def: &FormDefinition) -> String {
        fn text(rows: &[Row]) -> String {
            rows.iter()
                .map(|r| {
                    r.fields
                        .iter()
                        .map(|f| match f {
                            Field::Section(s) => format!("{}[{}]", s.id, text(&s.fields)),
                            f => f.id().unwrap_or("?").to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join(" | ")
        }
        text(&def.fields)
    }

    fn sample() -> FormDefinition {
        def(json!([
            {"id": "r1", "keep": 1, "fields": [s("a"), s("b")]},
            {"id": "r2", "fields": [{"id": "sec", "type": "section", "header": "More", "fields": [
                {"id": "r3", "fields": [s("c")]}
            ]}]},
            {"id": "r4", "fields": [s("d")]}
        ]))
    }

    #[wasm_bindgen_test]
    fn paths_find_fields_depth_first() {
        let d = sample();
        let ids: Vec<_> = all_paths(&d)
            .iter()
            .map(|p| field(&d, p).and_then(Field::id).unwrap().to_string())
            .collect();
        assert_eq!(ids, ["a", "b", "sec", "c", "d"]);
        let c = find_id(&d, "c").unwrap();
        assert_eq!(c, FieldPath(vec![(1, 0), (0, 0)]));
        assert_eq!(c.key(), "1.0/0.0");
        assert_eq!(describe_place(&d, &c), "row 1 of 1, position 1 of 1, in section More");
        assert_eq!(fresh_id(&d, "row"), "row-1");
    }

    #[wasm_bindgen_test]
    fn insert_and_remove_keep_other_rows() {
        let mut d = sample();
        let p = insert(
            &mut d,
            &Dest::NewRow {
                container: vec![],
                index: 1,
            },
            Field::from_value(s("x")).unwrap(),
        )
        .unwrap();
        assert_eq!(p, FieldPath::top(1, 0));
        assert_eq!(shape(&d), "a b | x | sec[c] | d");
        let (f, emptied) = remove(&mut d, &p).unwrap();
        assert_eq!(f.id(), Some("x"));
        assert!(emptied.is_some());
        assert_eq!(d, sample());
        remove(&mut d, &FieldPath::top(0, 0)).unwrap();
        assert_eq!(shape(&d), "b | sec[c] | d");
        assert_eq!(
            d.fields[0].extra.get("keep"),
            Some(&json!(1)),
            "the row keeps its properties"
        );
    }

    #[wasm_bindgen_test]
    fn moves_go_between_rows_into_sections_and_keep_lonely_rows() {
        let mut d = sample();
        // d into the section's row, before c.
        let to = move_field(
            &mut d,
            &FieldPath::top(2, 0),
            &Dest::InRow {
                container: vec![(1, 0)],
                row: 0,
                index: 0,
            },
        )
        .unwrap();
        assert_eq!(shape(&d), "a b | sec[d c]");
        assert_eq!(to, FieldPath(vec![(1, 0), (0, 0)]));
        // A section cannot go inside itself.
        let before = d.clone();
        assert!(move_field(
            &mut d,
            &FieldPath::top(1, 0),
            &Dest::NewRow {
                container: vec![(1, 0)],
                index: 0
            }
        )
        .is_none());
        assert_eq!(d, before);
        // A lonely field moved to a new row takes its row id.
        let mut d = sample();
        let to = move_field(
            &mut d,
            &FieldPath::top(2, 0),
            &Dest::NewRow {
                container: vec![],
                index: 0,
            },
        )
        .unwrap();
        assert_eq!(shape(&d), "d | a b | sec[c]");
        assert_eq!(to, FieldPath::top(0, 0));
        assert_eq!(d.fields[0].id.as_deref(), Some("r4"));
    }

    #[wasm_bindgen_test]
    fn vertical_moves_walk_rows_sections_and_gaps() {
        let d = sample();
        // b down: a row of its own under r1, then into the section, then out of it...
        let mut steps = Vec::new();
        let (mut cur, mut path) = (d.clone(), FieldPath::top(0, 1));
        while let Some((next, p)) = move_vertical(&cur, &path, true) {
            steps.push(shape(&next));
            cur = next;
            path = p;
        }
        assert_eq!(
            steps,
            [
                "a | b | sec[c] | d",
                "a | sec[c] b | d",
                "a | sec[b | c] | d",
                "a | sec[c b] | d",
                "a | sec[c | b] | d",
                "a | sec[c] | b | d",
                "a | sec[c] | d b",
                "a | sec[c] | d | b",
            ]
        );
        // ... and back up the same way.
        let mut up = Vec::new();
        while let Some((next, p)) = move_vertical(&cur, &path, false) {
            up.push(shape(&next));
            cur = next;
            path = p;
        }
        assert_eq!(up.first().map(String::as_str), Some("a | sec[c] | d b"));
        assert_eq!(up.last().map(String::as_str), Some("b | a | sec[c] | d"));
        // The section moves whole and never into itself.
        let (next, _) = move_vertical(&d, &FieldPath::top(1, 0), true).unwrap();
        assert_eq!(shape(&next), "a b | d sec[c]");
    }

    #[wasm_bindgen_test]
    fn horizontal_moves_swap_within_the_row() {
        let d = sample();
        let (next, p) = move_horizontal(&d, &FieldPath::top(0, 0), true).unwrap();
        assert_eq!(shape(&next), "b a | sec[c] | d");
        assert_eq!(p, FieldPath::top(0, 1));
        assert!(move_horizontal(&next, &p, true).is_none());
        assert!(move_horizontal(&d, &FieldPath::top(0, 0), false).is_none());
    }
}
