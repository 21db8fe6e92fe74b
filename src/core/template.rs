//! `{{var}}` and `{{var|fallback}}` templates. Parsing is strict so a typo is caught when the
//! sequence is saved; rendering refuses a variable with no value and no fallback, naming it.
use std::collections::BTreeMap;
use thiserror::Error;

/// The prospect fields every recipient can have. Other names are custom columns.
pub const STANDARD_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "name",
    "email",
    "company",
    "title",
    "domain",
    "tier",
];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    #[error("\"{{{{\" at character {0} is never closed with \"}}}}\"")]
    Unclosed(usize),
    #[error("\"{{{{{0}}}}}\" is not a variable name (letters, digits and _ only)")]
    BadName(String),
    #[error("{{{{{0}}}}} has no value for this recipient and no fallback; add one like {{{{{0}|there}}}}")]
    Missing(String),
    #[error("{{{{{0}}}}} is not a prospect field ({fields}); check the spelling or add a fallback", fields = STANDARD_FIELDS.join(", "))]
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Var {
        name: String,
        fallback: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    pub fn parse(src: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = src;
        let mut offset = 0;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let inner_start = open + 2;
            let close = rest[inner_start..]
                .find("}}")
                .ok_or(TemplateError::Unclosed(offset + open))?;
            let inner = &rest[inner_start..inner_start + close];
            let (name, fallback) = match inner.split_once('|') {
                Some((n, f)) => (n.trim(), Some(f.trim().to_owned())),
                None => (inner.trim(), None),
            };
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid {
                return Err(TemplateError::BadName(inner.to_owned()));
            }
            parts.push(Part::Var {
                name: name.to_ascii_lowercase(),
                fallback,
            });
            let consumed = inner_start + close + 2;
            offset += consumed;
            rest = &rest[consumed..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(Template { parts })
    }

    /// Each variable with its fallback, in order of appearance.
    pub fn variables(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.parts.iter().filter_map(|p| match p {
            Part::Var { name, fallback } => Some((name.as_str(), fallback.as_deref())),
            Part::Text(_) => None,
        })
    }

    /// Renders as plain text.
    pub fn render(&self, values: &BTreeMap<String, String>) -> Result<String, TemplateError> {
        self.render_with(values, |s| s.to_owned())
    }

    /// Renders for an HTML body: substituted values are escaped, the author's text is not.
    pub fn render_html(&self, values: &BTreeMap<String, String>) -> Result<String, TemplateError> {
        self.render_with(values, escape_html)
    }

    fn render_with(
        &self,
        values: &BTreeMap<String, String>,
        escape: impl Fn(&str) -> String,
    ) -> Result<String, TemplateError> {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Var { name, fallback } => {
                    let value = values.get(name).filter(|v| !v.trim().is_empty());
                    match (value, fallback) {
                        (Some(v), _) => out.push_str(&escape(v)),
                        (None, Some(f)) => out.push_str(&escape(f)),
                        (None, None) if STANDARD_FIELDS.contains(&name.as_str()) => {
                            return Err(TemplateError::Missing(name.clone()))
                        }
                        (None, None) => return Err(TemplateError::Unknown(name.clone())),
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Parses and renders in one go; for callers holding only the source text.
pub fn render(src: &str, values: &BTreeMap<String, String>) -> Result<String, TemplateError> {
    Template::parse(src)?.render(values)
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn template_substitutes_variables() {
        let out = render(
            "Hi {{first_name}}, {{ company }}!",
            &vals(&[("first_name", "Bob"), ("company", "Acme")]),
        );
        assert_eq!(out.unwrap(), "Hi Bob, Acme!");
    }

    #[test]
    fn template_fallback_used_when_value_missing_or_blank() {
        let t = Template::parse("Hi {{first_name|there}}").unwrap();
        assert_eq!(t.render(&vals(&[])).unwrap(), "Hi there");
        assert_eq!(
            t.render(&vals(&[("first_name", "  ")])).unwrap(),
            "Hi there"
        );
        assert_eq!(t.render(&vals(&[("first_name", "Ann")])).unwrap(), "Hi Ann");
    }

    #[test]
    fn template_missing_value_without_fallback_names_the_variable() {
        let e = render("Hi {{first_name}}", &vals(&[])).unwrap_err();
        assert_eq!(e, TemplateError::Missing("first_name".into()));
        assert!(e.to_string().contains("first_name"));
    }

    #[test]
    fn template_unknown_variable_names_it() {
        let e = render("Hi {{frist_name}}", &vals(&[("first_name", "Bob")])).unwrap_err();
        assert_eq!(e, TemplateError::Unknown("frist_name".into()));
        assert!(e.to_string().contains("frist_name"));
        // A custom column the recipient has is fine.
        assert_eq!(
            render("{{plan}}", &vals(&[("plan", "Pro")])).unwrap(),
            "Pro"
        );
    }

    #[test]
    fn template_syntax_errors_are_reported() {
        assert_eq!(
            Template::parse("a {{b").unwrap_err(),
            TemplateError::Unclosed(2)
        );
        assert!(matches!(
            Template::parse("{{}}"),
            Err(TemplateError::BadName(_))
        ));
        assert!(matches!(
            Template::parse("{{a b}}"),
            Err(TemplateError::BadName(_))
        ));
    }

    #[test]
    fn template_html_bodies_are_escaped() {
        let t = Template::parse("<p>Hi {{first_name}}</p>").unwrap();
        let out = t
            .render_html(&vals(&[("first_name", "<script>x</script>&\"")]))
            .unwrap();
        assert_eq!(out, "<p>Hi &lt;script&gt;x&lt;/script&gt;&amp;&quot;</p>");
    }

    #[test]
    fn template_lists_variables() {
        let t = Template::parse("{{a}} {{b|x}}").unwrap();
        let v: Vec<_> = t.variables().collect();
        assert_eq!(v, vec![("a", None), ("b", Some("x"))]);
    }
}
