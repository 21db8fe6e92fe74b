//! CSV import of prospects, streamed: the page feeds the file in chunks (`feed`), each parsed
//! row by row and checked at once, so the file is never held whole, let alone twice; only the
//! good rows are kept, compactly (`rows::GoodRows`). `finish` gives a preview (counts and the
//! first problems) and the good rows. Nothing is written until the user enrolls them in
//! chunks (`Request::EnrollProspects`), so cancelling is dropping the session.
//!
//! Parsing is csv-core's, the push parser under the `csv` crate: it takes input in any
//! pieces, which a pull reader over `io::Read` cannot do from a browser's file chunks.
mod columns;
mod rows;

pub use columns::{classify, Column};
pub use rows::GoodRows;

use crate::core::craft::emails::emails;
use crate::core::sequence::SequenceSpec;
use crate::core::template::Template;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use thiserror::Error;

/// Problems listed in the preview; the counts cover all of them.
pub const PREVIEW_PROBLEMS: usize = 100;
/// A longer row almost always means a quotation mark left open, swallowing the file.
pub const MAX_ROW_BYTES: usize = 64 * 1024;
/// Bytes looked at to guess the delimiter (`,` `;` or tab) when no line ends before.
const SNIFF_BYTES: usize = 64 * 1024;

/// What the import checks rows against, as lower-case addresses: the suppression list and
/// the prospects already active or paused in the sequence.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub suppressed: HashSet<String>,
    pub enrolled: HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum ProblemKind {
    InvalidAddress,
    /// A variable with no fallback that this row has no value for.
    MissingValue {
        variable: String,
    },
    Suppressed,
    AlreadyEnrolled,
    DuplicateRow {
        first_row: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub row: u64,
    pub email: String,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub invalid_address: u64,
    pub missing_value: u64,
    pub suppressed: u64,
    pub already_enrolled: u64,
    pub duplicate_row: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// Data rows read (blank rows are skipped).
    pub rows: u64,
    pub good: u64,
    pub counts: Counts,
    /// The first `PREVIEW_PROBLEMS` problems, in file order.
    pub problems: Vec<Problem>,
    /// Template keys of the custom columns found, for the best-practice checks.
    pub custom_fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub bytes: u64,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the first row should name the columns (email, first name, company…), but it holds a prospect; add a header row")]
    NoHeader,
    #[error("no column holds email addresses (found: {0}); name one “email”")]
    NoEmailColumn(String),
    #[error("row {0} is longer than 64 KB; is a quotation mark left open?")]
    RowTooLong(u64),
}

pub struct Imported {
    pub preview: Preview,
    pub rows: GoodRows,
}

/// Where each stored field comes from.
#[derive(Debug, Default)]
struct Layout {
    email: usize,
    first: Option<usize>,
    last: Option<usize>,
    full: Option<usize>,
    company: Option<usize>,
    title: Option<usize>,
    tier: Option<usize>,
    zone: Option<usize>,
    custom: Vec<(String, usize)>,
}

pub struct ImportSession {
    reader: Option<Reader>,
    /// Bytes held back until the first line shows the delimiter.
    head: Vec<u8>,
    record: Vec<u8>,
    ends: Vec<usize>,
    outpos: usize,
    endpos: usize,
    /// Records read, the header included.
    record_no: u64,
    bytes: u64,
    layout: Option<Layout>,
    required: BTreeSet<String>,
    known: Known,
    /// Hash of each address seen, with its row: 12 bytes a row instead of the address.
    seen: HashMap<u64, u64>,
    good: GoodRows,
    preview: Preview,
}

mod session;

#[cfg(test)]
mod tests;

/// Variables some email of the sequence (any version, the first email included) uses with
/// no fallback: a row without a value for one cannot be enrolled.
fn required_variables(spec: &SequenceSpec) -> BTreeSet<String> {
    emails(spec)
        .iter()
        .flat_map(|e| e.subject.into_iter().chain([e.body]))
        .filter_map(|t| Template::parse(t).ok())
        .flat_map(|t| {
            t.variables()
                .filter(|(_, f)| f.is_none())
                .map(|(n, _)| n.to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn hash(email: &str) -> u64 {
    let mut h = DefaultHasher::new();
    email.hash(&mut h);
    h.finish()
}

/// `,` unless the first line has more `;` or tabs outside quotes (Excel in much of Europe
/// writes `;`).
fn sniff(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn reader(delimiter: u8) -> Reader {
    ReaderBuilder::new().delimiter(delimiter).build()
}

/// What `feed` and `finish` do with one parse step's result.
enum Step {
    More,
    Record,
    End,
}

fn step(res: ReadRecordResult) -> Option<Step> {
    match res {
        ReadRecordResult::InputEmpty => Some(Step::More),
        ReadRecordResult::Record => Some(Step::Record),
        ReadRecordResult::End => Some(Step::End),
        ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => None,
    }
}
