//! The good rows of an import, kept compact: each row's fields joined by a unit separator in
//! 64 KiB blocks. Blocks never move once full, so holding 100k rows costs about their bytes,
//! with no doubling copy of one huge buffer; a `Prospect` is built only when asked for.
use crate::core::craft::prospects::Prospect;

const BLOCK: usize = 64 * 1024;
/// ASCII unit separator: never in a sensible CSV field (one that has it gets a space).
const SEP: char = '\u{1f}';
/// Fields stored before the custom ones, in this order.
pub const FIXED: usize = 7;

#[derive(Debug, Default)]
struct Block {
    text: String,
    /// End offset in `text` of each row.
    ends: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct GoodRows {
    blocks: Vec<Block>,
    /// Template keys of the custom columns, in stored order.
    custom: Vec<String>,
    len: usize,
}

impl GoodRows {
    pub fn new(custom: Vec<String>) -> GoodRows {
        GoodRows {
            custom,
            ..GoodRows::default()
        }
    }

    /// Stores a row: email, first name, last name, company, title, tier, time zone, then the
    /// custom columns.
    pub fn push(&mut self, fields: &[&str]) {
        let size: usize = fields.iter().map(|f| f.len() + 1).sum();
        let full = self
            .blocks
            .last()
            .is_none_or(|b| !b.text.is_empty() && b.text.len() + size > BLOCK);
        if full {
            self.blocks.push(Block {
                text: String::with_capacity(BLOCK.max(size)),
                ends: Vec::new(),
            });
        }
        let Some(b) = self.blocks.last_mut() else {
            return;
        };
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                b.text.push(SEP);
            }
            if f.contains(SEP) {
                b.text.push_str(&f.replace(SEP, " "));
            } else {
                b.text.push_str(f);
            }
        }
        b.ends.push(u32::try_from(b.text.len()).unwrap_or(u32::MAX));
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes of row text held (not counting the small per-row offsets).
    pub fn bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.text.len()).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = Prospect> + '_ {
        self.blocks.iter().flat_map(move |b| {
            let starts = std::iter::once(0).chain(b.ends.iter().map(|&e| e as usize));
            starts
                .zip(b.ends.iter().map(|&e| e as usize))
                .map(move |(s, e)| self.prospect(b.text.get(s..e).unwrap_or("")))
        })
    }

    /// The rows as batches for `Request::EnrollProspects`, one storage write each.
    pub fn chunks(&self, size: usize) -> impl Iterator<Item = Vec<Prospect>> + '_ {
        let mut rows = self.iter().peekable();
        std::iter::from_fn(move || {
            rows.peek()?;
            Some(rows.by_ref().take(size.max(1)).collect())
        })
    }

    fn prospect(&self, row: &str) -> Prospect {
        let mut f = row.split(SEP);
        let mut next = || f.next().unwrap_or("").to_owned();
        let mut p = Prospect {
            email: next(),
            first_name: next(),
            last_name: next(),
            company: next(),
            title: next(),
            tier: next(),
            time_zone: Some(next()).filter(|z| !z.is_empty()),
            custom: Default::default(),
        };
        for key in &self.custom {
            let v = next();
            if !v.is_empty() {
                p.custom.insert(key.clone(), v);
            }
        }
        p
    }
}
