//! Which prospect field each CSV column holds, from its header: case, spaces and punctuation
//! do not matter ("E-mail", "Email Address", "first_name"), and common aliases in English,
//! German, French and Spanish are known. Any other column is a custom field.
use crate::core::craft::prospects::column_key;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    Email,
    FirstName,
    LastName,
    /// A whole name, split into first and last when those columns are absent.
    FullName,
    Company,
    Title,
    Tier,
    TimeZone,
    /// A custom column, by template key.
    Custom(String),
    /// A header with nothing usable in it (blank, only punctuation), or a repeated one.
    Ignored,
}

const ALIASES: &[(Column, &[&str])] = &[
    (
        Column::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "workemail",
            "businessemail",
            "emailadresse",
            "courriel",
            "adressemail",
            "correo",
            "correoelectronico",
        ],
    ),
    (
        Column::FirstName,
        &[
            "firstname",
            "first",
            "givenname",
            "forename",
            "vorname",
            "prénom",
            "prenom",
            "nombre",
        ],
    ),
    (
        Column::LastName,
        &[
            "lastname",
            "last",
            "surname",
            "familyname",
            "nachname",
            "nom",
            "apellido",
            "apellidos",
        ],
    ),
    (
        Column::FullName,
        &["name", "fullname", "contact", "contactname"],
    ),
    (
        Column::Company,
        &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "account",
            "accountname",
            "firma",
            "unternehmen",
            "entreprise",
            "société",
            "societe",
            "empresa",
        ],
    ),
    (
        Column::Title,
        &[
            "title", "jobtitle", "position", "role", "jobrole", "titel", "poste", "cargo",
        ],
    ),
    (Column::Tier, &["tier", "priority", "segment"]),
    (
        Column::TimeZone,
        &["timezone", "tz", "zeitzone", "fuseauhoraire", "zonahoraria"],
    ),
];

fn squash(header: &str) -> String {
    header
        .trim()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column a header names.
pub fn classify(header: &str) -> Column {
    let s = squash(header);
    if let Some((c, _)) = ALIASES
        .iter()
        .find(|(_, names)| names.contains(&s.as_str()))
    {
        return c.clone();
    }
    match column_key(header) {
        k if k.is_empty() => Column::Ignored,
        k => Column::Custom(k),
    }
}

/// The columns of a header row; a field named twice counts only the first time.
pub fn classify_all(headers: &[String]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::with_capacity(headers.len());
    for h in headers {
        let c = classify(h);
        out.push(if out.contains(&c) { Column::Ignored } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_headers_are_recognised_by_alias() {
        for (h, c) in [
            ("E-mail", Column::Email),
            ("Email Address", Column::Email),
            ("  EMAIL ", Column::Email),
            ("First Name", Column::FirstName),
            ("first_name", Column::FirstName),
            ("Vorname", Column::FirstName),
            ("Last name", Column::LastName),
            ("Name", Column::FullName),
            ("Company Name", Column::Company),
            ("Job Title", Column::Title),
            ("Tier", Column::Tier),
            ("Time Zone", Column::TimeZone),
            ("Plan Name", Column::Custom("plan_name".into())),
            ("---", Column::Ignored),
        ] {
            assert_eq!(classify(h), c, "{h}");
        }
        let cols = classify_all(&["Email".into(), "E-mail".into()]);
        assert_eq!(cols, vec![Column::Email, Column::Ignored]);
    }
}
