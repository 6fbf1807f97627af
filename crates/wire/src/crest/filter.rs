//! The `_queryFilter` language: AST, parser, printer and evaluation over JSON.

use std::fmt;

use serde_json::{Number, Value};

use super::path::{compare, path_segments, resolve};

/// Deepest nesting of parentheses and `!` the parser accepts (bounds recursion).
pub const MAX_DEPTH: usize = 32;

/// A parse error (with the byte `position` in the text) or a rule error (position
/// `None`). `Display` is the full, user-facing message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CrestError {
    pub message: String,
    pub position: Option<usize>,
}

impl CrestError {
    pub(super) fn at(position: usize, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            position: Some(position),
        }
    }

    pub(super) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            position: None,
        }
    }
}

/// A comparison operator of the filter language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Co,
    Sw,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CmpOp {
    pub const ALL: [CmpOp; 7] = [
        CmpOp::Eq,
        CmpOp::Co,
        CmpOp::Sw,
        CmpOp::Gt,
        CmpOp::Ge,
        CmpOp::Lt,
        CmpOp::Le,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "eq",
            Self::Co => "co",
            Self::Sw => "sw",
            Self::Gt => "gt",
            Self::Ge => "ge",
            Self::Lt => "lt",
            Self::Le => "le",
        }
    }

    pub fn from_keyword(keyword: &str) -> Option<CmpOp> {
        Self::ALL.into_iter().find(|op| op.as_str() == keyword)
    }
}

/// A `_queryFilter` expression. `And`/`Or` hold two or more parts and never directly
/// contain their own kind (the parser flattens `(a and b) and c`).
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    True,
    False,
    Cmp { path: String, op: CmpOp, value: Value },
    Present(String),
    Not(Box<Filter>),
    And(Vec<Filter>),
    Or(Vec<Filter>),
}

impl Filter {
    /// `path eq value`.
    pub fn eq(path: impl Into<String>, value: impl Into<Value>) -> Filter {
        Filter::Cmp {
            path: path.into(),
            op: CmpOp::Eq,
            value: value.into(),
        }
    }

    pub fn cmp(path: impl Into<String>, op: CmpOp, value: impl Into<Value>) -> Filter {
        Filter::Cmp {
            path: path.into(),
            op,
            value: value.into(),
        }
    }

    /// `!(self)`.
    pub fn negate(self) -> Filter {
        Filter::Not(Box::new(self))
    }

    /// `a and b and ...`, flattened; one part is itself; none is `true`.
    pub fn and(parts: impl IntoIterator<Item = Filter>) -> Filter {
        Self::join(parts, true)
    }

    /// `a or b or ...`, flattened; one part is itself; none is `false`.
    pub fn or(parts: impl IntoIterator<Item = Filter>) -> Filter {
        Self::join(parts, false)
    }

    fn join(parts: impl IntoIterator<Item = Filter>, and: bool) -> Filter {
        let mut out = Vec::new();
        for p in parts {
            match (p, and) {
                (Filter::And(inner), true) | (Filter::Or(inner), false) => out.extend(inner),
                (p, _) => out.push(p),
            }
        }
        match out.len() {
            0 if and => Filter::True,
            0 => Filter::False,
            1 => out.pop().unwrap_or(Filter::True),
            _ if and => Filter::And(out),
            _ => Filter::Or(out),
        }
    }

    /// Whether the document satisfies the filter.
    pub fn matches(&self, doc: &Value) -> bool {
        match self {
            Filter::True => true,
            Filter::False => false,
            Filter::Present(path) => resolve(doc, path).iter().any(|v| !v.is_null()),
            Filter::Cmp { path, op, value } => resolve(doc, path).iter().any(|v| compare(v, *op, value)),
            Filter::Not(inner) => !inner.matches(doc),
            Filter::And(parts) => parts.iter().all(|p| p.matches(doc)),
            Filter::Or(parts) => parts.iter().any(|p| p.matches(doc)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Printer

fn print_value(v: &Value) -> String {
    v.to_string()
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::True => f.write_str("true"),
            Filter::False => f.write_str("false"),
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::Cmp { path, op, value } => write!(f, "{path} {} {}", op.as_str(), print_value(value)),
            Filter::Not(inner) => write!(f, "!({inner})"),
            Filter::And(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" and ")?;
                    }
                    if matches!(p, Filter::Or(_)) {
                        write!(f, "({p})")?;
                    } else {
                        write!(f, "{p}")?;
                    }
                }
                Ok(())
            }
            Filter::Or(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Bang,
    Str(String),
    Word(String),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
}

fn lex(input: &str) -> Result<Vec<Token>, CrestError> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Token {
                    tok: Tok::LParen,
                    start,
                });
            }
            ')' => {
                chars.next();
                out.push(Token {
                    tok: Tok::RParen,
                    start,
                });
            }
            '!' => {
                chars.next();
                out.push(Token { tok: Tok::Bang, start });
            }
            '"' | '\'' => {
                chars.next();
                let quote = c;
                let mut s = String::new();
                let mut closed = false;
                while let Some((i, c)) = chars.next() {
                    match c {
                        c if c == quote => {
                            closed = true;
                            break;
                        }
                        '\\' => {
                            let Some((_, e)) = chars.next() else { break };
                            match e {
                                '"' | '\'' | '\\' | '/' => s.push(e),
                                'b' => s.push('\u{8}'),
                                'f' => s.push('\u{c}'),
                                'n' => s.push('\n'),
                                'r' => s.push('\r'),
                                't' => s.push('\t'),
                                'u' => {
                                    let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                                    let cp = u32::from_str_radix(&hex, 16)
                                        .ok()
                                        .filter(|_| hex.len() == 4)
                                        .and_then(char::from_u32)
                                        .ok_or_else(|| {
                                            CrestError::at(i, format!("bad \\u escape at position {i} in a string"))
                                        })?;
                                    s.push(cp);
                                }
                                other => {
                                    return Err(CrestError::at(
                                        i,
                                        format!("unknown escape '\\{other}' at position {i} in a string"),
                                    ))
                                }
                            }
                        }
                        c => s.push(c),
                    }
                }
                if !closed {
                    return Err(CrestError::at(
                        start,
                        format!("the string that starts at position {start} is not closed"),
                    ));
                }
                out.push(Token {
                    tok: Tok::Str(s),
                    start,
                });
            }
            _ => {
                let mut w = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\'' | '!') {
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                out.push(Token {
                    tok: Tok::Word(w),
                    start,
                });
            }
        }
    }
    out.push(Token {
        tok: Tok::End,
        start: input.len(),
    });
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Parser

/// Parses `_queryFilter` text (already URL-decoded) into a [`Filter`].
pub fn parse(input: &str) -> Result<Filter, CrestError> {
    let toks = lex(input)?;
    if toks.len() == 1 {
        return Err(CrestError::at(0, "empty query filter (use true to match everything)"));
    }
    let mut p = Parser { toks, pos: 0, depth: 0 };
    let f = p.or()?;
    let t = p.peek();
    match &t.tok {
        Tok::End => Ok(f),
        Tok::RParen => Err(CrestError::at(
            t.start,
            format!("')' at position {} has no matching '('", t.start),
        )),
        _ => Err(p.unexpected("'and', 'or' or the end of the filter")),
    }
}

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        &self.toks[(self.pos + ahead).min(self.toks.len() - 1)].tok
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(x) if x == w)
    }

    fn unexpected(&self, expected: &str) -> CrestError {
        let t = self.peek();
        let found = match &t.tok {
            Tok::LParen => "'('".to_string(),
            Tok::RParen => "')'".to_string(),
            Tok::Bang => "'!'".to_string(),
            Tok::Str(s) => format!("the string \"{s}\""),
            Tok::Word(w) => format!("'{w}'"),
            Tok::End => "the end of the filter".to_string(),
        };
        CrestError::at(
            t.start,
            format!("expected {expected} at position {}, found {found}", t.start),
        )
    }

    fn enter(&mut self) -> Result<(), CrestError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(CrestError::at(
                self.peek().start,
                format!("the filter nests deeper than {MAX_DEPTH} levels"),
            ))
        } else {
            Ok(())
        }
    }

    fn or(&mut self) -> Result<Filter, CrestError> {
        let mut parts = vec![self.and()?];
        while self.is_word("or") {
            self.next();
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Filter::or(parts)
        })
    }

    fn and(&mut self) -> Result<Filter, CrestError> {
        let mut parts = vec![self.not()?];
        while self.is_word("and") {
            self.next();
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Filter::and(parts)
        })
    }

    fn not(&mut self) -> Result<Filter, CrestError> {
        if self.peek().tok == Tok::Bang {
            self.next();
            self.enter()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(inner.negate());
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Filter, CrestError> {
        let t = self.peek().clone();
        match t.tok {
            Tok::LParen => {
                self.next();
                self.enter()?;
                let inner = self.or()?;
                self.depth -= 1;
                if self.peek().tok != Tok::RParen {
                    return Err(self.unexpected("')'"));
                }
                self.next();
                Ok(inner)
            }
            Tok::Word(w) => {
                let followed_by_op =
                    matches!(self.peek_at(1), Tok::Word(op) if op == "pr" || CmpOp::from_keyword(op).is_some());
                if !followed_by_op && (w == "true" || w == "false") {
                    self.next();
                    return Ok(if w == "true" { Filter::True } else { Filter::False });
                }
                if matches!(w.as_str(), "and" | "or") {
                    return Err(self.unexpected("a field path, '(', '!', true or false"));
                }
                path_segments(&w).map_err(|e| CrestError::at(t.start, e.message))?;
                self.next();
                let op_tok = self.peek().clone();
                let op = match &op_tok.tok {
                    Tok::Word(op) if op == "pr" => {
                        self.next();
                        return Ok(Filter::Present(w));
                    }
                    Tok::Word(op) => CmpOp::from_keyword(op).ok_or_else(|| {
                        CrestError::at(
                            op_tok.start,
                            format!(
                                "'{op}' at position {} is not an operator; use eq, co, sw, gt, ge, lt, le or pr",
                                op_tok.start
                            ),
                        )
                    })?,
                    _ => return Err(self.unexpected("an operator (eq, co, sw, gt, ge, lt, le, pr)")),
                };
                self.next();
                let value = self.value()?;
                Ok(Filter::Cmp { path: w, op, value })
            }
            _ => Err(self.unexpected("a field path, '(', '!', true or false")),
        }
    }

    fn value(&mut self) -> Result<Value, CrestError> {
        let t = self.peek().clone();
        let v = match &t.tok {
            Tok::Str(s) => Value::String(s.clone()),
            Tok::Word(w) if w == "true" => Value::Bool(true),
            Tok::Word(w) if w == "false" => Value::Bool(false),
            Tok::Word(w) if w == "null" => Value::Null,
            Tok::Word(w) => match serde_json::from_str::<Number>(w) {
                Ok(n) => Value::Number(n),
                Err(_) => {
                    return Err(CrestError::at(
                        t.start,
                        format!(
                            "expected a value at position {} (a quoted string, number, true, false or null), found '{w}'; quote strings",
                            t.start
                        ),
                    ))
                }
            },
            _ => return Err(self.unexpected("a value (a quoted string, number, true, false or null)")),
        };
        self.next();
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> Filter {
        parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn err(s: &str) -> CrestError {
        parse(s).expect_err(s)
    }

    #[test]
    fn literals_and_every_operator() {
        assert_eq!(p("true"), Filter::True);
        assert_eq!(p(" false "), Filter::False);
        for op in CmpOp::ALL {
            let text = format!("name {} \"x\"", op.as_str());
            assert_eq!(p(&text), Filter::cmp("name", op, "x"));
            assert_eq!(p(&text).to_string(), text);
        }
        assert_eq!(
            p("/categories/operation pr"),
            Filter::Present("/categories/operation".into())
        );
        assert_eq!(p("_rev ge 3"), Filter::cmp("_rev", CmpOp::Ge, 3));
        assert_eq!(p("x eq -1.5"), Filter::cmp("x", CmpOp::Eq, -1.5));
        assert_eq!(p("x eq null"), Filter::eq("x", Value::Null));
        assert_eq!(p("x eq true"), Filter::eq("x", true));
    }

    #[test]
    fn precedence_not_and_or() {
        let a = || Filter::eq("a", 1);
        let b = || Filter::eq("b", 2);
        let c = || Filter::eq("c", 3);
        assert_eq!(
            p("a eq 1 or b eq 2 and c eq 3"),
            Filter::Or(vec![a(), Filter::And(vec![b(), c()])])
        );
        assert_eq!(
            p("(a eq 1 or b eq 2) and c eq 3"),
            Filter::And(vec![Filter::Or(vec![a(), b()]), c()])
        );
        assert_eq!(p("!a eq 1 and b eq 2"), Filter::And(vec![a().negate(), b()]));
        assert_eq!(p("!(a eq 1 and b eq 2)"), Filter::And(vec![a(), b()]).negate());
        // Parenthesised chains flatten, so printing and parsing agree.
        assert_eq!(p("(a eq 1 and b eq 2) and c eq 3"), Filter::And(vec![a(), b(), c()]));
        assert_eq!(p("a eq 1 or (b eq 2 or c eq 3)"), Filter::Or(vec![a(), b(), c()]));
    }

    #[test]
    fn strings_quotes_and_escapes() {
        assert_eq!(
            p(r#"name eq "say \"hi\" \\ \u00e9""#),
            Filter::eq("name", "say \"hi\" \\ é")
        );
        assert_eq!(p(r"name eq 'O\'Neil'"), Filter::eq("name", "O'Neil"));
        assert_eq!(p(r#"name eq "a and b or (c)""#), Filter::eq("name", "a and b or (c)"));
    }

    #[test]
    fn printer_round_trips() {
        for text in [
            "true",
            "name eq \"x\"",
            "!(a pr) and (b co \"y\" or c lt 5)",
            "a eq 1 or b eq 2 and !(c sw \"z\")",
            "((a eq 1))",
            "x eq \"q\\\"uote\"",
            "categories.operation eq \"create\" and type eq \"request\"",
        ] {
            let f = p(text);
            assert_eq!(p(&f.to_string()), f, "{text} -> {f}");
        }
    }

    #[test]
    fn errors_name_the_position() {
        let e = err("name eq");
        assert_eq!(e.position, Some(7));
        assert!(e.message.contains("expected a value"), "{e}");
        let e = err("name ne \"x\"");
        assert!(
            e.message.contains("'ne'") && e.message.contains("not an operator"),
            "{e}"
        );
        assert_eq!(e.position, Some(5));
        let e = err("name eq x");
        assert!(e.message.contains("quote strings"), "{e}");
        assert!(err("(name pr").message.contains("expected ')'"));
        assert!(err("name pr)").message.contains("no matching '('"));
        assert!(err("name eq \"x").message.contains("not closed"));
        assert!(err("").message.contains("empty"));
        assert!(err("a..b pr").message.contains("empty segment"));
        assert!(err("name pr and").message.contains("expected a field path"));
        assert!(err("name pr name pr").message.contains("'and', 'or'"));
        let deep = format!("{}a pr{}", "(".repeat(40), ")".repeat(40));
        assert!(err(&deep).message.contains("deeper"));
        let bangs = format!("{}a pr", "!".repeat(40));
        assert!(err(&bangs).message.contains("deeper"));
    }

    #[test]
    fn evaluation_over_documents() {
        let doc = json!({
            "id": "f-1", "name": "New User", "type": "request", "_rev": 3,
            "categories": {"operation": "create", "applicationType": null},
            "tags": ["Alpha", "beta"],
            "form": {"fields": [{"id": "r1", "fields": [{"id": "f1", "model": "custom.a"}]}]}
        });
        let m = |f: &str| p(f).matches(&doc);
        assert!(m("true") && !m("false"));
        assert!(m("name eq \"new user\""), "eq ignores case");
        assert!(m("name co \"W U\"") && m("name sw \"new\"") && !m("name sw \"user\""));
        assert!(m("_rev gt 2") && m("_rev ge 3") && !m("_rev lt 3") && m("_rev le 3") && !m("_rev eq \"3\""));
        assert!(m("categories.operation eq \"create\"") && m("/categories/operation eq \"create\""));
        assert!(m("categories/operation eq \"create\""));
        assert!(m("categories.operation pr") && !m("categories.applicationType pr") && !m("nope pr"));
        assert!(m("tags eq \"beta\"") && m("tags co \"alp\""), "arrays: any element");
        assert!(
            m("form.fields.fields.model eq \"custom.a\""),
            "paths run through arrays"
        );
        assert!(m("_id eq \"f-1\""), "_id falls back to id");
        assert!(m("!(type eq \"lcmRequest\") and (name pr or x pr)"));
        assert!(!m("name gt 5"), "different kinds never compare");
        assert!(m("name gt \"a\"") && m("name lt \"z\""));
    }
}
