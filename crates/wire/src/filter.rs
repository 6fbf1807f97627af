//! The `filters` query parameter of SailPoint's "standard collection parameters"
//! (e.g. `name sw "Jo" and (cloudStatus eq "ACTIVE" or correlated eq false)`).
//!
//! This module owns the whole filter language, so the portal and the server agree on it:
//! the AST ([`Expr`], [`Value`], [`Op`]), the parser ([`parse`], errors carry a byte
//! position), the canonical printer (`Display for Expr`, which re-parses to the same AST),
//! builders for UI code ([`Expr::eq`], [`Expr::and`], ...) and the per-endpoint field and
//! operator whitelist ([`Allowed`], [`check`]).
//!
//! Grammar: operators are lowercase and case-sensitive; `pr`/`isnull` are postfix
//! (`email pr`; the documented prefix form `pr email` is accepted too); `not` binds tighter
//! than `and`, which binds tighter than `or`; `in` and `ca` take a list `("a","b")`.
//! Values are double-quoted strings (only `\"` and `\\` escapes), integers, decimals,
//! `true`/`false` and unquoted RFC 3339 date-times. `not` is reserved and cannot name a
//! field. Decoding the URL (`%20`, `+` for space) is the caller's job, not this module's.

use std::fmt::{self, Write as _};

/// Deepest nesting of parentheses and `not` the parser accepts (bounds recursion).
pub const MAX_DEPTH: usize = 32;

/// A parse error (with the byte `position` in the filter text) or a [`check`] rejection
/// (with `position: None`). `Display` is the full, user-facing message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    pub message: String,
    pub position: Option<usize>,
}

impl FilterError {
    fn at(position: usize, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            position: Some(position),
        }
    }
}

/// Declares [`Op`] (every primitive operator) and [`CmpOp`] (the single-value ones) from
/// one keyword table, so the two can never disagree.
macro_rules! operators {
    ($($cmp:ident $ckw:literal),*; $($other:ident $okw:literal),*) => {
        /// Every primitive operator of the grammar (what an endpoint can allow per field).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Op { $($cmp,)* $($other,)* }

        /// The operators that compare a field with one value (the operator of [`Expr::Cmp`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CmpOp { $($cmp,)* }

        impl Op {
            pub const ALL: [Op; 12] = [$(Op::$cmp,)* $(Op::$other,)*];

            /// The lowercase keyword, e.g. `"isnull"`.
            pub fn as_str(self) -> &'static str {
                match self { $(Op::$cmp => $ckw,)* $(Op::$other => $okw,)* }
            }
        }

        impl CmpOp {
            pub const ALL: [CmpOp; 8] = [$(CmpOp::$cmp,)*];

            pub fn op(self) -> Op {
                match self { $(CmpOp::$cmp => Op::$cmp,)* }
            }

            fn from_op(op: Op) -> Option<CmpOp> {
                match op { $(Op::$cmp => Some(CmpOp::$cmp),)* _ => None }
            }
        }
    };
}

operators!(Eq "eq", Ne "ne", Gt "gt", Ge "ge", Lt "lt", Le "le", Co "co", Sw "sw";
           In "in", Ca "ca", Pr "pr", IsNull "isnull");

impl Op {
    /// The operator spelled exactly `keyword` (case-sensitive).
    pub fn from_keyword(keyword: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.as_str() == keyword)
    }
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        self.op().as_str()
    }
}

/// A literal. `Float` must be finite to print as valid filter text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// RFC 3339 text as written (validated lexically, never converted).
    DateTime(String),
}

impl Value {
    /// `Some(Value::DateTime)` if `text` is an RFC 3339 date-time such as `2020-05-19T19:26:03.351Z`.
    pub fn date_time(text: &str) -> Option<Value> {
        is_date_time(text).then(|| Value::DateTime(text.to_owned()))
    }
}

macro_rules! value_from {
    ($($t:ty => |$x:ident| $e:expr),*) => {$(
        impl From<$t> for Value {
            fn from($x: $t) -> Self {
                $e
            }
        }
    )*};
}

value_from!(&str => |s| Value::Str(s.to_owned()), String => |s| Value::Str(s),
            i64 => |n| Value::Int(n), bool => |b| Value::Bool(b), f64 => |x| Value::Float(x));

/// Filter text for the value: strings quoted and escaped, floats always with a `.`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => {
                f.write_char('"')?;
                for c in s.chars() {
                    if c == '"' || c == '\\' {
                        f.write_char('\\')?;
                    }
                    f.write_char(c)?;
                }
                f.write_char('"')
            }
            Value::Int(n) => write!(f, "{n}"),
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 => write!(f, "{x}.0"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::DateTime(text) => f.write_str(text),
        }
    }
}

/// A filter expression. The parser and the builders keep `And`/`Or` flat (no `And`
/// directly inside `And`) with at least two operands; hand-built lists with fewer print
/// their operands alone (an empty list prints nothing).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Cmp { field: String, op: CmpOp, value: Value },
    In { field: String, values: Vec<Value> },
    Ca { field: String, values: Vec<Value> },
    Pr { field: String },
    IsNull { field: String },
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

macro_rules! cmp_builders {
    ($($name:ident => $op:ident),*) => {$(
        #[doc = concat!("`field ", stringify!($name), " value`")]
        pub fn $name(field: impl Into<String>, value: impl Into<Value>) -> Expr {
            Expr::cmp(field, CmpOp::$op, value)
        }
    )*};
}

impl Expr {
    pub fn cmp(field: impl Into<String>, op: CmpOp, value: impl Into<Value>) -> Expr {
        Expr::Cmp {
            field: field.into(),
            op,
            value: value.into(),
        }
    }
    cmp_builders!(eq => Eq, ne => Ne, gt => Gt, ge => Ge, lt => Lt, le => Le, co => Co, sw => Sw);

    /// `field in (values...)`; an empty `values` cannot be printed validly.
    pub fn is_in<V: Into<Value>>(field: impl Into<String>, values: impl IntoIterator<Item = V>) -> Expr {
        Expr::In {
            field: field.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
    /// `field ca (values...)`; an empty `values` cannot be printed validly.
    pub fn ca<V: Into<Value>>(field: impl Into<String>, values: impl IntoIterator<Item = V>) -> Expr {
        Expr::Ca {
            field: field.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }
    pub fn pr(field: impl Into<String>) -> Expr {
        Expr::Pr { field: field.into() }
    }
    pub fn is_null(field: impl Into<String>) -> Expr {
        Expr::IsNull { field: field.into() }
    }
    /// `not self`.
    pub fn negate(self) -> Expr {
        Expr::Not(Box::new(self))
    }

    /// Conjunction of the present parts (accepts `Expr` or `Option<Expr>` items), with
    /// nested `and`s flattened: `None` if no part is present, the part itself if only one is.
    pub fn and<E: Into<Option<Expr>>>(parts: impl IntoIterator<Item = E>) -> Option<Expr> {
        let mut parts = parts.into_iter().filter_map(Into::into);
        let first = parts.next()?;
        Some(join(first, parts, true))
    }

    /// Disjunction, with the same rules as [`Expr::and`].
    pub fn or<E: Into<Option<Expr>>>(parts: impl IntoIterator<Item = E>) -> Option<Expr> {
        let mut parts = parts.into_iter().filter_map(Into::into);
        let first = parts.next()?;
        Some(join(first, parts, false))
    }

    /// The field and operator of a primitive condition; `None` for `not`/`and`/`or`.
    pub fn condition(&self) -> Option<(&str, Op)> {
        match self {
            Expr::Cmp { field, op, .. } => Some((field, op.op())),
            Expr::In { field, .. } => Some((field, Op::In)),
            Expr::Ca { field, .. } => Some((field, Op::Ca)),
            Expr::Pr { field } => Some((field, Op::Pr)),
            Expr::IsNull { field } => Some((field, Op::IsNull)),
            Expr::Not(_) | Expr::And(_) | Expr::Or(_) => None,
        }
    }
}

/// `first` joined with `rest` by `and` (or `or`), splicing in operands of the same kind.
fn join(first: Expr, rest: impl Iterator<Item = Expr>, is_and: bool) -> Expr {
    let mut flat = Vec::new();
    for part in std::iter::once(first).chain(rest) {
        match part {
            Expr::And(inner) if is_and => flat.extend(inner),
            Expr::Or(inner) if !is_and => flat.extend(inner),
            other => flat.push(other),
        }
    }
    match (flat.len(), is_and) {
        (1, _) => flat.remove(0),
        (_, true) => Expr::And(flat),
        (_, false) => Expr::Or(flat),
    }
}

impl std::str::FromStr for Expr {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

// Binding strength, loosest first; a node is parenthesised when its context needs more.
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const ATOM: u8 = 4;

/// Canonical filter text: single spaces, flattened `and`/`or`, parentheses only for an
/// `or` inside an `and` and for `and`/`or`/`not` inside `not`.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(self, f, OR)
    }
}

fn write_expr(e: &Expr, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
    let list = |f: &mut fmt::Formatter<'_>, field: &str, op: &str, values: &[Value]| {
        write!(f, "{field} {op} (")?;
        for (i, v) in values.iter().enumerate() {
            write!(f, "{}{v}", if i == 0 { "" } else { "," })?;
        }
        f.write_char(')')
    };
    match e {
        Expr::Cmp { field, op, value } => write!(f, "{field} {} {value}", op.as_str()),
        Expr::In { field, values } => list(f, field, "in", values),
        Expr::Ca { field, values } => list(f, field, "ca", values),
        Expr::Pr { field } => write!(f, "{field} pr"),
        Expr::IsNull { field } => write!(f, "{field} isnull"),
        Expr::Not(inner) if min > NOT => {
            f.write_str("(not ")?;
            write_expr(inner, f, ATOM)?;
            f.write_char(')')
        }
        Expr::Not(inner) => {
            f.write_str("not ")?;
            write_expr(inner, f, ATOM)
        }
        Expr::And(_) | Expr::Or(_) => {
            let (prec, sep) = if matches!(e, Expr::And(_)) {
                (AND, " and ")
            } else {
                (OR, " or ")
            };
            let mut operands = Vec::new();
            flatten(e, &mut operands);
            if let [only] = operands[..] {
                return write_expr(only, f, min);
            }
            let paren = min > prec;
            if paren {
                f.write_char('(')?;
            }
            for (i, operand) in operands.into_iter().enumerate() {
                f.write_str(if i == 0 { "" } else { sep })?;
                write_expr(operand, f, prec + 1)?;
            }
            if paren {
                f.write_char(')')?;
            }
            Ok(())
        }
    }
}

/// The operands of an `and` (`or`), looking through nested `and`s (`or`s).
fn flatten<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
    let (Expr::And(kids) | Expr::Or(kids)) = e else {
        return out.push(e);
    };
    for kid in kids {
        if std::mem::discriminant(kid) == std::mem::discriminant(e) {
            flatten(kid, out);
        } else {
            out.push(kid);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Comma,
    Word,
    Str(String),
    Lit(Value),
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

fn lex(input: &str) -> Result<Vec<Token>, FilterError> {
    let bytes = input.as_bytes();
    let scan = |mut i: usize, ok: fn(u8) -> bool| {
        while bytes.get(i).copied().is_some_and(ok) {
            i += 1;
        }
        i
    };
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        let start = i;
        let tok = match c {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'(' | b')' | b',' => {
                i += 1;
                match c {
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    _ => Tok::Comma,
                }
            }
            b'"' => {
                let (s, end) = lex_string(input, start)?;
                i = end;
                Tok::Str(s)
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                i = scan(i, |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
                Tok::Word
            }
            b'0'..=b'9' | b'-' if c != b'-' || bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = scan(i + 1, |b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b':' | b'+' | b'-')
                });
                Tok::Lit(literal(&input[start..i], start)?)
            }
            _ => {
                let ch = input[i..].chars().next().unwrap_or_default();
                let hint = if ch == '\'' { "; strings use double quotes" } else { "" };
                return Err(FilterError::at(
                    i,
                    format!("unexpected character '{ch}' at position {i}{hint}"),
                ));
            }
        };
        toks.push(Token { tok, start, end: i });
    }
    toks.push(Token {
        tok: Tok::End,
        start: input.len(),
        end: input.len(),
    });
    Ok(toks)
}

/// The string opening at `start` (a `"`), unescaped, and the index just past its end.
fn lex_string(input: &str, start: usize) -> Result<(String, usize), FilterError> {
    let bytes = input.as_bytes();
    let mut out = String::new();
    let (mut run, mut i) = (start + 1, start + 1);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                out.push_str(&input[run..i]);
                return Ok((out, i + 1));
            }
            b'\\' => {
                out.push_str(&input[run..i]);
                match input[i + 1..].chars().next() {
                    Some(e @ ('"' | '\\')) => out.push(e),
                    Some(e) => {
                        let msg =
                            format!("invalid escape '\\{e}' at position {i} in string; only \\\" and \\\\ are allowed");
                        return Err(FilterError::at(i, msg));
                    }
                    None => break,
                }
                i += 2;
                run = i;
            }
            _ => i += 1,
        }
    }
    Err(FilterError::at(
        start,
        format!("unterminated string starting at position {start}"),
    ))
}

/// An unquoted number or date-time token.
fn literal(text: &str, pos: usize) -> Result<Value, FilterError> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    if digits(unsigned) {
        let out_of_range = |_| FilterError::at(pos, format!("number '{text}' at position {pos} is out of range"));
        return text.parse().map(Value::Int).map_err(out_of_range);
    }
    if let Some((whole, frac)) = unsigned.split_once('.') {
        if digits(whole) && digits(frac) {
            return match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Value::Float(x)),
                _ => Err(FilterError::at(
                    pos,
                    format!("number '{text}' at position {pos} is out of range"),
                )),
            };
        }
    }
    Value::date_time(text).ok_or_else(|| {
        let msg = format!(
            "invalid value '{text}' at position {pos}, expected a number like 42 or -1.5 \
             or an RFC 3339 date-time like 2020-05-19T19:26:03Z"
        );
        FilterError::at(pos, msg)
    })
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, fields range-checked, day not checked per month.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |at: usize, len: usize, max: u32| {
        b.get(at..at + len)
            .and_then(|d| {
                d.iter()
                    .try_fold(0, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
            })
            .is_some_and(|n| n <= max)
    };
    let nonzero = |at: usize| b.get(at..at + 2).is_some_and(|d| d != b"00");
    let fixed = b.len() >= 20
        && num(0, 4, 9999)
        && b[4] == b'-'
        && num(5, 2, 12)
        && nonzero(5)
        && b[7] == b'-'
        && num(8, 2, 31)
        && nonzero(8)
        && matches!(b[10], b'T' | b't')
        && num(11, 2, 23)
        && b[13] == b':'
        && num(14, 2, 59)
        && b[16] == b':'
        && num(17, 2, 60);
    if !fixed {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += digits;
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', _, _, b':', _, _] => num(i + 1, 2, 23) && num(i + 4, 2, 59),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Parser

/// Parses filter text (already URL-decoded) into an [`Expr`].
pub fn parse(input: &str) -> Result<Expr, FilterError> {
    let toks = lex(input)?;
    if toks.len() == 1 {
        return Err(FilterError::at(0, "empty filter"));
    }
    let mut p = Parser {
        input,
        toks,
        pos: 0,
        depth: 0,
        parens: 0,
    };
    let expr = p.parse_or()?;
    match p.peek().tok {
        Tok::End => Ok(expr),
        Tok::RParen => Err(unbalanced(p.peek().start, "')' has no matching '('")),
        _ => Err(p.unexpected("'and', 'or' or end of filter", &["and", "or"])),
    }
}

fn unbalanced(pos: usize, what: &str) -> FilterError {
    FilterError::at(pos, format!("unbalanced parenthesis at position {pos}: {what}"))
}

const EXPECTED_OPERATOR: &str = "an operator (eq, ne, gt, ge, lt, le, co, sw, in, ca, pr, isnull)";
const EXPECTED_VALUE: &str = "a value (a quoted string, number, true, false or date-time)";

struct Parser<'a> {
    input: &'a str,
    toks: Vec<Token>,
    pos: usize,
    /// Current nesting of `not` and parentheses, and of parentheses alone.
    depth: usize,
    parens: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.toks[self.pos.min(self.toks.len() - 1)]
    }
    fn peek_at(&self, ahead: usize) -> &Token {
        &self.toks[(self.pos + ahead).min(self.toks.len() - 1)]
    }
    fn text(&self, t: &Token) -> &str {
        &self.input[t.start..t.end]
    }
    fn word_at(&self, ahead: usize) -> Option<&str> {
        let t = self.peek_at(ahead);
        (t.tok == Tok::Word).then(|| self.text(t))
    }
    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        self.pos += 1;
        t
    }
    fn eat_word(&mut self, word: &str) -> bool {
        let found = self.word_at(0) == Some(word);
        self.pos += usize::from(found);
        found
    }

    fn enter(&mut self, pos: usize) -> Result<(), FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let msg = format!("filter nested too deeply at position {pos} (more than {MAX_DEPTH} levels)");
            return Err(FilterError::at(pos, msg));
        }
        Ok(())
    }

    /// Error for the current token; a wrong-case spelling of one of `keywords` says so.
    fn unexpected(&self, expected: &str, keywords: &[&str]) -> FilterError {
        let t = self.peek();
        let text = self.text(t);
        if let Some(k) = keywords
            .iter()
            .find(|k| t.tok == Tok::Word && **k != text && k.eq_ignore_ascii_case(text))
        {
            let msg = format!(
                "'{text}' at position {} must be lowercase '{k}'; operators and keywords are case-sensitive",
                t.start
            );
            return FilterError::at(t.start, msg);
        }
        let what = match t.tok {
            Tok::End => "end of filter".to_owned(),
            Tok::Str(_) => format!("string {text}"),
            _ => format!("token '{text}'"),
        };
        FilterError::at(
            t.start,
            format!("unexpected {what} at position {}, expected {expected}", t.start),
        )
    }

    fn parse_or(&mut self) -> Result<Expr, FilterError> {
        let first = self.parse_and()?;
        let mut rest = Vec::new();
        while self.eat_word("or") {
            rest.push(self.parse_and()?);
        }
        Ok(join(first, rest.into_iter(), false))
    }

    fn parse_and(&mut self) -> Result<Expr, FilterError> {
        let first = self.parse_unary()?;
        let mut rest = Vec::new();
        while self.eat_word("and") {
            rest.push(self.parse_unary()?);
        }
        Ok(join(first, rest.into_iter(), true))
    }

    fn parse_unary(&mut self) -> Result<Expr, FilterError> {
        if self.word_at(0) == Some("not") {
            let start = self.bump().start;
            self.enter(start)?;
            let inner = self.parse_unary()?;
            self.depth -= 1;
            return Ok(inner.negate());
        }
        self.parse_primary()
    }

    fn parse_primary(&mut self) -> Result<Expr, FilterError> {
        let is_op = |w: Option<&str>| w.is_some_and(|w| Op::ALL.iter().any(|op| op.as_str().eq_ignore_ascii_case(w)));
        let t = self.peek().clone();
        match t.tok {
            Tok::LParen => {
                self.bump();
                self.enter(t.start)?;
                self.parens += 1;
                let inner = self.parse_or()?;
                match self.peek().tok {
                    Tok::RParen => self.pos += 1,
                    Tok::End => return Err(unbalanced(t.start, "'(' is never closed")),
                    _ => return Err(self.unexpected("'and', 'or' or ')'", &["and", "or"])),
                }
                self.depth -= 1;
                self.parens -= 1;
                Ok(inner)
            }
            Tok::RParen if self.parens == 0 => Err(unbalanced(t.start, "')' has no matching '('")),
            Tok::Word
                if self.text(&t).eq_ignore_ascii_case("not")
                    && (self.peek_at(1).tok == Tok::LParen
                        || (self.word_at(1).is_some() && !is_op(self.word_at(1)))) =>
            {
                Err(self.unexpected("", &["not"]))
            }
            // The documented prefix form `pr field`.
            Tok::Word
                if self.text(&t) == "pr" && self.word_at(1).is_some_and(|w| w != "not") && !is_op(self.word_at(1)) =>
            {
                self.bump();
                let field = self.field()?;
                Ok(Expr::Pr { field })
            }
            Tok::Word => {
                let field = self.field()?;
                self.parse_condition(field)
            }
            _ => Err(self.unexpected("a field name, 'not' or '('", &[])),
        }
    }

    /// Consumes a field name: dot-separated non-empty segments of letters, digits and `_`.
    fn field(&mut self) -> Result<String, FilterError> {
        let t = self.bump();
        let text = self.text(&t);
        if text.split('.').any(str::is_empty) {
            return Err(FilterError::at(
                t.start,
                format!("invalid field name '{text}' at position {}", t.start),
            ));
        }
        Ok(text.to_owned())
    }

    fn parse_condition(&mut self, field: String) -> Result<Expr, FilterError> {
        let keywords = Op::ALL.map(Op::as_str);
        let Some(op) = self.word_at(0).and_then(Op::from_keyword) else {
            return Err(self.unexpected(EXPECTED_OPERATOR, &keywords));
        };
        self.bump();
        if let Some(op) = CmpOp::from_op(op) {
            return Ok(Expr::Cmp {
                field,
                op,
                value: self.parse_value()?,
            });
        }
        Ok(match op {
            Op::Pr => Expr::Pr { field },
            Op::IsNull => Expr::IsNull { field },
            Op::In => Expr::In {
                field,
                values: self.parse_list(op)?,
            },
            _ => Expr::Ca {
                field,
                values: self.parse_list(op)?,
            },
        })
    }

    fn parse_value(&mut self) -> Result<Value, FilterError> {
        let value = match &self.peek().tok {
            Tok::Str(s) => Value::Str(s.clone()),
            Tok::Lit(v) => v.clone(),
            Tok::Word if self.word_at(0) == Some("true") => Value::Bool(true),
            Tok::Word if self.word_at(0) == Some("false") => Value::Bool(false),
            _ => return Err(self.unexpected(EXPECTED_VALUE, &["true", "false"])),
        };
        self.bump();
        Ok(value)
    }

    fn parse_list(&mut self, op: Op) -> Result<Vec<Value>, FilterError> {
        let open = self.peek().start;
        if self.peek().tok != Tok::LParen {
            let expected = format!("'(' starting the list of values after '{}'", op.as_str());
            return Err(self.unexpected(&expected, &[]));
        }
        self.bump();
        let mut values = vec![self.parse_value()?];
        loop {
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                    values.push(self.parse_value()?);
                }
                Tok::RParen => {
                    self.bump();
                    return Ok(values);
                }
                Tok::End => return Err(unbalanced(open, "'(' is never closed")),
                _ => return Err(self.unexpected("',' or ')' in the list of values", &[])),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Per-endpoint whitelist

/// The fields an endpoint filters on and the operators each accepts (names match exactly).
/// `const`-friendly: `Allowed { fields: &[("id", &[Op::Eq, Op::In]), ("name", &[Op::Eq, Op::Sw])] }`.
#[derive(Debug, Clone, Copy)]
pub struct Allowed<'a> {
    pub fields: &'a [(&'a str, &'a [Op])],
}

/// Rejects the first condition (left to right) whose field or operator `allowed` lacks.
pub fn check(expr: &Expr, allowed: &Allowed<'_>) -> Result<(), FilterError> {
    let reject = |message: String| {
        Err(FilterError {
            message,
            position: None,
        })
    };
    match (expr, expr.condition()) {
        (Expr::Not(inner), _) => check(inner, allowed),
        (Expr::And(parts) | Expr::Or(parts), _) => parts.iter().try_for_each(|p| check(p, allowed)),
        (_, Some((field, op))) => match allowed.fields.iter().find(|(name, _)| *name == field) {
            None if allowed.fields.is_empty() => reject("this endpoint does not support filters".to_owned()),
            None => {
                let names: Vec<&str> = allowed.fields.iter().map(|(name, _)| *name).collect();
                reject(format!(
                    "filter field '{field}' is not supported; supported fields: {}",
                    names.join(", ")
                ))
            }
            Some((_, ops)) if !ops.contains(&op) => {
                let names: Vec<&str> = ops.iter().map(|op| op.as_str()).collect();
                let op = op.as_str();
                reject(format!(
                    "operator '{op}' is not supported for field '{field}'; supported: {}",
                    names.join(", ")
                ))
            }
            Some(_) => Ok(()),
        },
        (_, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Expr {
        parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }
    fn err(s: &str) -> (String, Option<usize>) {
        let e = parse(s).expect_err(s);
        (e.to_string(), e.position)
    }
    fn a() -> Expr {
        Expr::eq("a", 1)
    }
    fn b() -> Expr {
        Expr::eq("b", 2)
    }
    fn c() -> Expr {
        Expr::eq("c", 3)
    }

    #[test]
    fn every_comparison_operator() {
        for op in CmpOp::ALL {
            let text = format!("attributes.department {} \"Sales\"", op.as_str());
            assert_eq!(p(&text), Expr::cmp("attributes.department", op, "Sales"));
            assert_eq!(p(&text).to_string(), text);
        }
        assert_eq!(
            Op::ALL.map(Op::as_str).join(" "),
            "eq ne gt ge lt le co sw in ca pr isnull"
        );
    }

    #[test]
    fn pr_isnull_in_ca() {
        assert_eq!(p("email pr"), Expr::pr("email"));
        assert_eq!(p("pr accountRequestInfo"), Expr::pr("accountRequestInfo"));
        assert_eq!(p("pr pr"), Expr::pr("pr"));
        assert!(parse("pr not").is_err());
        assert_eq!(p("manager isnull"), Expr::is_null("manager"));
        assert_eq!(p("id in (\"a\")"), Expr::is_in("id", ["a"]));
        assert_eq!(p("id in ( \"a\" , \"b\",\"c\" )"), Expr::is_in("id", ["a", "b", "c"]));
        assert_eq!(p("n in (1,-2)"), Expr::is_in("n", [1, -2]));
        assert_eq!(
            p("groups ca (\"Venezia\",\"Firenze\")"),
            Expr::ca("groups", ["Venezia", "Firenze"])
        );
        assert_eq!(Expr::is_in("id", ["a", "b"]).to_string(), "id in (\"a\",\"b\")");
    }

    #[test]
    fn values() {
        assert_eq!(p("n eq -42"), Expr::eq("n", -42));
        assert_eq!(p("n gt -1.5"), Expr::gt("n", -1.5));
        assert_eq!(p("x eq true"), Expr::eq("x", true));
        assert_eq!(p("correlated eq false"), Expr::eq("correlated", false));
        assert_eq!(p("startDate gt 2018"), Expr::gt("startDate", 2018));
        for dt in [
            "2020-05-19T19:26:03.351Z",
            "2018-12-18T23:05:55Z",
            "2020-05-19T19:26:03+02:00",
            "2020-05-19T19:26:03.5-05:30",
        ] {
            assert_eq!(
                p(&format!("created gt {dt}")),
                Expr::gt("created", Value::DateTime(dt.into()))
            );
            assert_eq!(p(&format!("created gt {dt}")).to_string(), format!("created gt {dt}"));
        }
        for bad in [
            "2020-13-01T00:00:00Z",
            "2020-05-19",
            "2020-05-19T19:26:03",
            "2020-05-19T24:00:00Z",
            "2020-05-19T19:26:03+2:00",
            "1abc",
        ] {
            assert!(
                err(&format!("c gt {bad}"))
                    .0
                    .starts_with(&format!("invalid value '{bad}' at position 5")),
                "{bad}"
            );
        }
        assert_eq!(
            err("n eq 9223372036854775808").0,
            "number '9223372036854775808' at position 5 is out of range"
        );
        assert_eq!(p("n eq -9223372036854775808"), Expr::eq("n", i64::MIN));
        assert_eq!(Expr::eq("n", 1.0).to_string(), "n eq 1.0");
        assert_eq!(p("n eq 1.0"), Expr::eq("n", 1.0));
    }

    #[test]
    fn string_escapes() {
        let e = p(r#"name eq "say \"hi\" \\ back""#);
        assert_eq!(e, Expr::eq("name", r#"say "hi" \ back"#));
        assert_eq!(e.to_string(), r#"name eq "say \"hi\" \\ back""#);
        assert_eq!(p(r#"name eq """#), Expr::eq("name", ""));
        assert_eq!(p("name eq \"é ü\t\""), Expr::eq("name", "é ü\t"));
    }

    #[test]
    fn precedence_and_grouping() {
        let abc = "a eq 1 or b eq 2 and c eq 3";
        assert_eq!(p(abc), Expr::Or(vec![a(), Expr::And(vec![b(), c()])]));
        assert_eq!(p(abc).to_string(), abc);
        assert_eq!(p("not a eq 1 and b eq 2"), Expr::And(vec![a().negate(), b()]));
        assert_eq!(
            p("not a eq 1 or b eq 2 and c eq 3"),
            Expr::Or(vec![a().negate(), Expr::And(vec![b(), c()])])
        );
        let grouped = p("not (a eq 1 or b eq 2) and c eq 3");
        assert_eq!(grouped, Expr::And(vec![Expr::Or(vec![a(), b()]).negate(), c()]));
        assert_eq!(grouped.to_string(), "not (a eq 1 or b eq 2) and c eq 3");
        assert_eq!(p("((a eq 1))"), a());
        assert_eq!(p("not (a eq 1)"), a().negate());
        assert_eq!(p("not not a eq 1"), a().negate().negate());
        assert_eq!(a().negate().negate().to_string(), "not (not a eq 1)");
        let nested = p("(a eq 1 or (b eq 2 and (c eq 3 or d pr)))");
        assert_eq!(
            nested,
            Expr::Or(vec![a(), Expr::And(vec![b(), Expr::Or(vec![c(), Expr::pr("d")])])])
        );
        assert_eq!(nested.to_string(), "a eq 1 or b eq 2 and (c eq 3 or d pr)");
        // Same-kind groups flatten, in the parser and the printer alike.
        assert_eq!(p("(a eq 1 and b eq 2) and c eq 3"), Expr::And(vec![a(), b(), c()]));
        assert_eq!(
            Expr::And(vec![Expr::And(vec![a(), b()]), c()]).to_string(),
            "a eq 1 and b eq 2 and c eq 3"
        );
        assert_eq!(
            p("(a eq 1 or b eq 2) and c eq 3").to_string(),
            "(a eq 1 or b eq 2) and c eq 3"
        );
        let doc = p(r#"name sw "Jo" and (cloudStatus eq "ACTIVE" or correlated eq false)"#);
        assert_eq!(
            doc.to_string(),
            r#"name sw "Jo" and (cloudStatus eq "ACTIVE" or correlated eq false)"#
        );
    }

    #[test]
    fn whitespace() {
        assert_eq!(p(" \t a  eq\t1   "), a());
        assert_eq!(p("(a eq 1)or(b eq 2)"), Expr::Or(vec![a(), b()]));
        assert_eq!(p("name eq\"x\""), Expr::eq("name", "x"));
    }

    #[test]
    fn error_positions() {
        let cases: &[(&str, &str, usize)] = &[
            ("", "empty filter", 0),
            (" \t ", "empty filter", 0),
            (
                "name xyz \"a\"",
                "unexpected token 'xyz' at position 5, expected an operator (eq,",
                5,
            ),
            ("name eq", "unexpected end of filter at position 7, expected a value", 7),
            (
                "name eq and b eq 1",
                "unexpected token 'and' at position 8, expected a value",
                8,
            ),
            ("name eq Jo", "unexpected token 'Jo' at position 8, expected a value", 8),
            ("name eq \"abc", "unterminated string starting at position 8", 8),
            ("name eq \"ab\\", "unterminated string starting at position 8", 8),
            (
                "name eq \"a\\nb\"",
                "invalid escape '\\n' at position 10 in string; only \\\" and \\\\ are allowed",
                10,
            ),
            (
                "name eq \"a\" foo",
                "unexpected token 'foo' at position 12, expected 'and', 'or' or end of filter",
                12,
            ),
            (
                "name eq \"a\" \"b\"",
                "unexpected string \"b\" at position 12, expected 'and', 'or'",
                12,
            ),
            (
                "(a eq 1",
                "unbalanced parenthesis at position 0: '(' is never closed",
                0,
            ),
            (
                "a eq 1)",
                "unbalanced parenthesis at position 6: ')' has no matching '('",
                6,
            ),
            (")", "unbalanced parenthesis at position 0: ')' has no matching '('", 0),
            (
                "id in (\"a\"",
                "unbalanced parenthesis at position 6: '(' is never closed",
                6,
            ),
            (
                "(a eq 1 b",
                "unexpected token 'b' at position 8, expected 'and', 'or' or ')'",
                8,
            ),
            (
                "()",
                "unexpected token ')' at position 1, expected a field name, 'not' or '('",
                1,
            ),
            (
                "name EQ \"x\"",
                "'EQ' at position 5 must be lowercase 'eq'; operators and keywords are case-sensitive",
                5,
            ),
            ("a eq 1 AND b eq 2", "'AND' at position 7 must be lowercase 'and'", 7),
            ("NOT a eq 1", "'NOT' at position 0 must be lowercase 'not'", 0),
            ("x eq TRUE", "'TRUE' at position 5 must be lowercase 'true'", 5),
            (
                "a eq 1 and",
                "unexpected end of filter at position 10, expected a field name",
                10,
            ),
            (
                "id in \"a\"",
                "unexpected string \"a\" at position 6, expected '(' starting the list",
                6,
            ),
            ("id in ()", "unexpected token ')' at position 7, expected a value", 7),
            (
                "id in (\"a\" \"b\")",
                "unexpected string \"b\" at position 11, expected ',' or ')'",
                11,
            ),
            (
                "name eq 'x'",
                "unexpected character ''' at position 8; strings use double quotes",
                8,
            ),
            ("a..b eq 1", "invalid field name 'a..b' at position 0", 0),
            ("a eq - 1", "unexpected character '-' at position 5", 5),
        ];
        for (input, message, position) in cases {
            let (got, pos) = err(input);
            assert!(got.starts_with(message), "{input:?}: got {got:?}");
            assert_eq!(pos, Some(*position), "{input:?}");
        }
        let deep = format!("{}a eq 1{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(
            err(&deep).0,
            "filter nested too deeply at position 32 (more than 32 levels)"
        );
        assert!(parse(&format!("{}a eq 1{}", "(".repeat(31), ")".repeat(31))).is_ok());
        assert!(parse(&"not ".repeat(100_000)).is_err());
    }

    #[test]
    fn builders() {
        assert_eq!(Expr::and(Vec::<Expr>::new()), None);
        assert_eq!(Expr::and([None, Some(a()), None]), Some(a()));
        let nested = Expr::and([Expr::and([a(), b()]), Some(c())]);
        assert_eq!(nested, Some(Expr::And(vec![a(), b(), c()])));
        assert_eq!(
            Expr::or([Expr::Or(vec![a(), b()]), c()]),
            Some(Expr::Or(vec![a(), b(), c()]))
        );
        assert_eq!(
            Expr::and([Expr::Or(vec![a(), b()]), c()]),
            Some(Expr::And(vec![Expr::Or(vec![a(), b()]), c()]))
        );
        assert_eq!(Expr::sw("name", "Jo").to_string(), "name sw \"Jo\"");
        assert_eq!(Value::date_time("2020-05-19"), None);
        assert_eq!("a eq 1".parse::<Expr>(), Ok(a()));
        assert_eq!(a().condition(), Some(("a", Op::Eq)));
        assert_eq!(Expr::And(vec![]).to_string(), "");
        assert_eq!(Expr::And(vec![a()]).to_string(), "a eq 1");
    }

    const IDENTITIES: Allowed<'static> = Allowed {
        fields: &[
            ("id", &[Op::Eq, Op::In]),
            ("name", &[Op::Eq, Op::Sw]),
            ("alias", &[Op::Eq, Op::Sw]),
            ("cloudStatus", &[Op::Eq]),
        ],
    };

    #[test]
    fn allowed_fields_and_operators() {
        let ok = p(r#"id in ("1","2") or not (name sw "Jo" and cloudStatus eq "ACTIVE")"#);
        assert_eq!(check(&ok, &IDENTITIES), Ok(()));
        let msg = |s: &str| check(&p(s), &IDENTITIES).expect_err(s);
        let e = msg(r#"name eq "a" and foo eq 1"#);
        assert_eq!(
            e.to_string(),
            "filter field 'foo' is not supported; supported fields: id, name, alias, cloudStatus"
        );
        assert_eq!(e.position, None);
        assert_eq!(
            msg(r#"Name eq "a""#).to_string(),
            "filter field 'Name' is not supported; supported fields: id, name, alias, cloudStatus"
        );
        assert_eq!(
            msg(r#"not name co "a""#).to_string(),
            "operator 'co' is not supported for field 'name'; supported: eq, sw"
        );
        assert_eq!(
            msg("id pr").to_string(),
            "operator 'pr' is not supported for field 'id'; supported: eq, in"
        );
        assert_eq!(
            msg("alias isnull or id eq 1").to_string(),
            "operator 'isnull' is not supported for field 'alias'; supported: eq, sw"
        );
        let none = Allowed { fields: &[] };
        assert_eq!(
            check(&a(), &none).unwrap_err().to_string(),
            "this endpoint does not support filters"
        );
    }

    fn value() -> BoxedStrategy<Value> {
        let date_time = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])";
        prop_oneof![
            prop_oneof![any::<String>(), "[ a\"\\\\()]{0,8}"].prop_map(Value::Str),
            any::<i64>().prop_map(Value::Int),
            any::<f64>()
                .prop_filter("finite", |x| x.is_finite())
                .prop_map(Value::Float),
            any::<bool>().prop_map(Value::Bool),
            date_time.prop_map(Value::DateTime),
        ]
        .boxed()
    }

    fn expr() -> impl Strategy<Value = Expr> {
        let field = "[a-zA-Z_][a-zA-Z0-9_]{0,5}(\\.[a-zA-Z0-9_]{1,5}){0,2}".prop_filter("reserved", |f| f != "not");
        let values = prop::collection::vec(value(), 1..4);
        let leaf = prop_oneof![
            (field.clone(), prop::sample::select(CmpOp::ALL.to_vec()), value())
                .prop_map(|(f, op, v)| Expr::cmp(f, op, v)),
            (field.clone(), values.clone()).prop_map(|(f, v)| Expr::is_in(f, v)),
            (field.clone(), values).prop_map(|(f, v)| Expr::ca(f, v)),
            field.clone().prop_map(Expr::pr),
            field.prop_map(Expr::is_null),
        ];
        leaf.prop_recursive(5, 48, 4, |inner| {
            let list = prop::collection::vec(inner.clone(), 2..5);
            prop_oneof![
                inner.prop_map(Expr::negate),
                list.clone().prop_filter_map("flat", Expr::and),
                list.prop_filter_map("flat", Expr::or),
            ]
        })
    }

    proptest! {
        #[test]
        fn print_then_parse_round_trips(ast in expr()) {
            let text = ast.to_string();
            prop_assert_eq!(parse(&text), Ok(ast), "{}", text);
        }

        #[test]
        fn mangled_text_never_panics_and_reprints_stably(
            ast in expr(),
            at in any::<prop::sample::Index>(),
            cut in 0usize..3,
            insert in prop::sample::select(vec!["", " ", "(", ")", "not ", " and ", " or ", "\"", "\\", ",", "-"]),
        ) {
            let mut text = ast.to_string();
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let end = text[i..].char_indices().nth(cut).map_or(text.len(), |(j, _)| i + j);
            text.replace_range(i..end, insert);
            if let Ok(e) = parse(&text) {
                prop_assert_eq!(parse(&e.to_string()), Ok(e), "{}", text);
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in any::<String>()) {
            let _ = parse(&s);
        }
    }
}
