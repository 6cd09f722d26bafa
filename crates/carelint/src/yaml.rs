//! YAML with positions: a parsed tree whose every node knows its line and column, and a
//! serde `Deserializer` over it.
//!
//! Rule packs and `carelint.yaml` are parsed once into a [`Node`] tree (by serde-saphyr),
//! then typed in a second step: the rule loader reads the keys every rule shares, picks the
//! rule kind from `kind`, and hands the remaining keys to that kind's own module, which
//! deserializes its own settings struct from them. Every error of that second step carries
//! the line and column of the offending node.
//!
//! Hand-written because serde-saphyr has no position-keeping value type: its `Spanned<T>`
//! needs the target type up front, and a rule's type is known only after its `kind` key
//! is read. The tree also bounds how far YAML aliases may expand ([`Limits`]).

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::cell::Cell;
use std::fmt;

/// A YAML node and where it is in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    /// 1-based line (0 when unknown).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys in document order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The key's text and the entry's value, for a map node.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Node, &Node)> {
        let entries: &[(Node, Node)] = match &self.value {
            Value::Map(m) => m,
            _ => &[],
        };
        entries
            .iter()
            .map(|(k, v)| (k.as_key().unwrap_or(""), k, v))
    }

    /// The value of `key` in a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| v)
    }

    fn as_key(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// What the node is, for error messages.
    fn describe(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::UInt(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// A scalar's text, as a string target reads it.
    fn scalar_text(&self) -> Option<String> {
        Some(match &self.value {
            Value::Str(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::UInt(u) => u.to_string(),
            Value::Float(f) => f.to_string(),
            _ => return None,
        })
    }

    /// Deserializes a typed value from this node; errors carry positions.
    pub fn to<'a, T: Deserialize<'a>>(&'a self) -> Result<T, Error> {
        T::deserialize(self).map_err(|e: Error| e.or_at(self))
    }
}

/// Bounds on a parsed tree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most nodes, counted after aliases are expanded.
    pub max_nodes: usize,
}

/// An error reading YAML: what is wrong, and where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error {
    pub message: String,
    /// 1-based (line, column), when known.
    pub at: Option<(usize, usize)>,
}

impl Error {
    fn or_at(mut self, node: &Node) -> Error {
        if self.at.is_none() && node.line > 0 {
            self.at = Some((node.line, node.column));
        }
        self
    }

    fn invalid(node: &Node, expected: &str) -> Error {
        Error {
            message: format!("expected {expected}, found {}", node.describe()),
            at: None,
        }
        .or_at(node)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error {
            message: msg.to_string(),
            at: None,
        }
    }

    fn missing_field(field: &'static str) -> Error {
        Error::custom(format_args!("missing required key `{field}`"))
    }
}

thread_local! {
    /// Nodes still allowed in the tree being parsed on this thread.
    static BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Parses YAML text into a tree.
///
/// # Errors
///
/// YAML syntax errors, and trees larger than `limits` (an alias repeated many times
/// expands to many nodes), with their position.
pub(crate) fn parse(text: &str, limits: Limits) -> Result<Node, Error> {
    BUDGET.with(|b| b.set(limits.max_nodes));
    let mut options = serde_saphyr::Options::default();
    options.budget = serde_saphyr::budget! { max_depth: MAX_DEPTH };
    let parsed = serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options);
    BUDGET.with(|b| b.set(usize::MAX));
    match parsed {
        Ok(s) => Ok(node_of(s)),
        Err(e) => {
            let at = e
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .filter(|(l, _)| *l > 0);
            let mut message = e.without_snippet().to_string();
            // Keep our own position in front; drop the one the parser appends.
            if let Some(idx) = message.find(" at line ") {
                message.truncate(idx);
            }
            if message.contains(TOO_LARGE) {
                // Without serde-saphyr's "(defined at …)" tail, whose position is `at`.
                message = TOO_LARGE.to_string();
            }
            // serde-saphyr's own advice ("set DuplicateKeyPolicy in Options") is for
            // programmers, not for the person editing the file.
            if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
                let key = rest
                    .split(", set DuplicateKeyPolicy")
                    .next()
                    .unwrap_or(rest);
                message = format!(
                    "duplicate key `{}`: a key may appear once in a mapping",
                    crate::error::excerpt(key.trim())
                );
            }
            if let Some(breach) = message.strip_prefix("budget breached: ") {
                message = budget_message(breach);
            }
            Err(Error { message, at })
        }
    }
}

/// Deepest nesting of lists and mappings accepted. Rule packs and configs need about six
/// levels; the bound keeps the recursive reading of the tree far from the stack's end.
const MAX_DEPTH: usize = 24;

const TOO_LARGE: &str = "the YAML document is too large once its aliases are expanded";

/// Words for serde-saphyr's safety limits, whose own message is Rust debug output
/// (`Depth { depth: 65 }`).
fn budget_message(breach: &str) -> String {
    let name = breach
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    let numbers: Vec<&str> = breach
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let n = |i: usize| numbers.get(i).copied().unwrap_or("?");
    let what = match name {
        "Depth" | "InclusionDepth" => format!("it is nested too deeply ({} levels)", n(0)),
        "Aliases" => format!("it uses too many aliases ({})", n(0)),
        "AliasAnchorRatio" => format!(
            "it repeats its anchors too often ({} aliases of {} anchors)",
            n(0),
            n(1)
        ),
        "Anchors" => format!("it defines too many anchors ({})", n(0)),
        "Documents" => format!("it holds too many documents ({})", n(0)),
        "MergeKeys" => format!("it uses too many merge keys ({})", n(0)),
        _ => "it is too large".to_string(),
    };
    format!("the YAML document is refused: {what}; carelint's limits guard against hostile input")
}

/// A node as serde-saphyr delivers it; children carry their spans.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

fn node_of(s: Spanned<Raw>) -> Node {
    let (line, column) = (s.referenced.line() as usize, s.referenced.column() as usize);
    let value = match s.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::UInt(u) => Value::UInt(u),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(node_of).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (node_of(k), node_of(v)))
                .collect(),
        ),
    };
    Node {
        value,
        line,
        column,
    }
}

/// Takes one node from the budget.
fn spend<E: de::Error>() -> Result<(), E> {
    BUDGET.with(|b| {
        let left = b.get();
        if left == 0 {
            return Err(E::custom(TOO_LARGE));
        }
        b.set(left - 1);
        Ok(())
    })
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::UInt(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        spend()?;
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        spend()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        spend()?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Raw>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

/// A value with the 1-based line and column where it was written.
///
/// Deserializes from carelint's YAML readers (rule packs, `carelint.yaml`) with the
/// position filled in; from any other deserializer the position is 0:0.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
}

const LOCATED: &str = "$carelint::Located";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Located<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Located<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Located<T>, A::Error> {
                let missing = || de::Error::custom("incomplete position");
                let line = seq.next_element::<usize>()?.ok_or_else(missing)?;
                let column = seq.next_element::<usize>()?.ok_or_else(missing)?;
                let value = seq.next_element::<T>()?.ok_or_else(missing)?;
                Ok(Located {
                    value,
                    line,
                    column,
                })
            }
            fn visit_newtype_struct<D: de::Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Located<T>, D::Error> {
                Ok(Located {
                    value: T::deserialize(d)?,
                    line: 0,
                    column: 0,
                })
            }
        }
        d.deserialize_newtype_struct(LOCATED, V(std::marker::PhantomData))
    }
}

/// Integer targets take integer nodes only; anything else is an error that names the
/// node's type without echoing its value.
macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            let r = match &self.value {
                Value::Int(i) => v.visit_i64(*i),
                Value::UInt(u) => v.visit_u64(*u),
                _ => return Err(Error::invalid(self, "an integer")),
            };
            r.map_err(|e: Error| e.or_at(self))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let r = match &self.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Int(i) => v.visit_i64(*i),
            Value::UInt(u) => v.visit_u64(*u),
            Value::Float(f) => v.visit_f64(*f),
            Value::Str(s) => v.visit_str(s),
            Value::Seq(items) => v.visit_seq(SeqAccess(items.iter())),
            Value::Map(entries) => v.visit_map(MapAccess {
                entries: entries.iter(),
                value: None,
            }),
        };
        r.map_err(|e: Error| e.or_at(self))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Bool(b) => v.visit_bool(*b).map_err(|e: Error| e.or_at(self)),
            _ => Err(Error::invalid(self, "true or false")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let r = match &self.value {
            Value::Str(s) => v.visit_str(s),
            _ => match self.scalar_text() {
                Some(text) => v.visit_string(text),
                None => return Err(Error::invalid(self, "a string")),
            },
        };
        r.map_err(|e: Error| e.or_at(self))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Null => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        if name == LOCATED {
            return v.visit_seq(LocatedAccess {
                node: self,
                step: 0,
            });
        }
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let r = match &self.value {
            Value::Str(s) => v.visit_enum(s.as_str().into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => v.visit_enum(EnumAccess(&entries[0])),
            _ => return Err(Error::invalid(self, "one of the listed names")),
        };
        r.map_err(|e: Error| e.or_at(self))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Seq(_) => self.deserialize_any(v),
            _ => Err(Error::invalid(self, "a list")),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Map(_) => self.deserialize_any(v),
            _ => Err(Error::invalid(self, "a mapping")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let r = match &self.value {
            Value::Float(f) => v.visit_f64(*f),
            Value::Int(i) => v.visit_i64(*i),
            Value::UInt(u) => v.visit_u64(*u),
            _ => return Err(Error::invalid(self, "a number")),
        };
        r.map_err(|e: Error| e.or_at(self))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_f64(v)
    }

    integers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct tuple tuple_struct identifier
    }
}

struct SeqAccess<'a>(std::slice::Iter<'a, Node>);

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(node) => seed
                .deserialize(node)
                .map(Some)
                .map_err(|e: Error| e.or_at(node)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapAccess<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(k).map(Some).map_err(|e: Error| e.or_at(k))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("value without a key"))?;
        seed.deserialize(node).map_err(|e: Error| e.or_at(node))
    }
}

struct EnumAccess<'a>(&'a (Node, Node));

impl<'de> de::EnumAccess<'de> for EnumAccess<'de> {
    type Error = Error;
    type Variant = &'de Node;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, &'de Node), Error> {
        let (k, v) = self.0;
        Ok((seed.deserialize(k)?, v))
    }
}

impl<'de> de::VariantAccess<'de> for &'de Node {
    type Error = Error;
    fn unit_variant(self) -> Result<(), Error> {
        Err(Error::invalid(self, "a name without settings"))
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, v)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self, v)
    }
}

/// Feeds a [`Located`] its line, column and value.
struct LocatedAccess<'a> {
    node: &'a Node,
    step: u8,
}

impl<'de> de::SeqAccess<'de> for LocatedAccess<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.step += 1;
        match self.step {
            1 => seed
                .deserialize(self.node.line.into_deserializer())
                .map(Some),
            2 => seed
                .deserialize(self.node.column.into_deserializer())
                .map(Some),
            3 => seed.deserialize(self.node).map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { max_nodes: 10_000 };

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case", deny_unknown_fields)]
    struct Spec {
        name: Located<String>,
        #[serde(default)]
        min_turns: Option<usize>,
        phrases: Vec<String>,
    }

    #[test]
    fn typed_values_keep_positions() {
        let tree = parse("name: x\nmin-turns: 3\nphrases: [a, 2020, true]\n", LIMITS).unwrap();
        let spec: Spec = tree.to().unwrap();
        assert_eq!((spec.name.line, spec.name.column), (1, 7));
        assert_eq!(spec.min_turns, Some(3));
        assert_eq!(spec.phrases, ["a", "2020", "true"]);
    }

    #[test]
    fn errors_point_at_the_node() {
        let tree = parse("name: x\nmin-turns: many\nphrases: []\n", LIMITS).unwrap();
        let e = tree.to::<Spec>().unwrap_err();
        assert_eq!(e.at, Some((2, 12)), "{e:?}");
        let tree = parse("name: x\nphrases: []\nphrase: [a]\n", LIMITS).unwrap();
        let e = tree.to::<Spec>().unwrap_err();
        assert_eq!(e.at, Some((3, 1)), "{e:?}");
        assert!(e.message.contains("unknown field `phrase`"), "{e:?}");
        let tree = parse("name: x\n", LIMITS).unwrap();
        let e = tree.to::<Spec>().unwrap_err();
        assert_eq!(e.message, "missing required key `phrases`");
    }

    #[test]
    fn duplicate_keys_are_named_without_parser_advice() {
        let e = parse("a: 1\nb: 2\na: 3\n", LIMITS).unwrap_err();
        assert_eq!(
            e.message, "duplicate key `a`: a key may appear once in a mapping",
            "{e:?}"
        );
        assert_eq!(e.at.map(|(l, _)| l), Some(3), "{e:?}");
    }

    #[test]
    fn alias_expansion_is_bounded() {
        // A list of 500 words repeated 40 times: few aliases, many nodes.
        let words: Vec<String> = (0..500).map(|i| format!("w{i}")).collect();
        let mut text = format!("words: &w [{}]\nlists:\n", words.join(", "));
        for _ in 0..40 {
            text.push_str("  - *w\n");
        }
        let e = parse(&text, LIMITS).unwrap_err();
        assert!(e.message.starts_with(TOO_LARGE), "{e:?}");
        assert!(parse(
            &text,
            Limits {
                max_nodes: 1_000_000
            }
        )
        .is_ok());
    }

    #[test]
    fn parser_limits_are_explained_in_words() {
        let deep = format!("{}1{}", "[".repeat(30), "]".repeat(30));
        let e = parse(&deep, LIMITS).unwrap_err();
        assert!(e.message.contains("nested too deeply"), "{e:?}");
        assert!(!e.message.contains('{'), "{e:?}");
        for depth in [100, 10_000] {
            let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            assert!(parse(&deep, LIMITS).is_err());
            let deep = "- ".repeat(depth) + "x";
            assert!(parse(&deep, LIMITS).is_err());
        }
    }

    #[test]
    fn syntax_errors_are_positioned() {
        let e = parse("a: [unclosed\n", LIMITS).unwrap_err();
        assert!(e.at.is_some(), "{e:?}");
    }
}
