//! The import session: parsing in chunks, the header, and each row's checks.
use super::columns::{classify_all, Column};
use super::rows::{GoodRows, FIXED};
use super::{
    hash, reader, required_variables, sniff, step, ImportError, ImportSession, Imported, Known,
    Layout, Preview, Problem, ProblemKind, Progress, Step, MAX_ROW_BYTES, PREVIEW_PROBLEMS,
    SNIFF_BYTES,
};
use crate::core::engine::valid_address;
use crate::core::sequence::SequenceSpec;
use std::borrow::Cow;

impl ImportSession {
    pub fn new(spec: &SequenceSpec, known: Known) -> ImportSession {
        ImportSession {
            reader: None,
            head: Vec::new(),
            record: vec![0; 1024],
            ends: vec![0; 32],
            outpos: 0,
            endpos: 0,
            record_no: 0,
            bytes: 0,
            layout: None,
            required: required_variables(spec),
            known,
            seen: Default::default(),
            good: GoodRows::default(),
            preview: Preview::default(),
        }
    }

    /// Parses the next piece of the file (any size, cut anywhere).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, ImportError> {
        self.bytes += chunk.len() as u64;
        if self.reader.is_none() {
            self.head.extend_from_slice(chunk);
            if !self.head.contains(&b'\n') && self.head.len() < SNIFF_BYTES {
                return Ok(self.progress());
            }
            self.reader = Some(reader(sniff(&self.head)));
            let head = std::mem::take(&mut self.head);
            self.parse(&head, false)?;
        } else {
            self.parse(chunk, false)?;
        }
        Ok(self.progress())
    }

    /// Ends the file: the preview and the good rows.
    pub fn finish(mut self) -> Result<Imported, ImportError> {
        if self.reader.is_none() {
            self.reader = Some(reader(sniff(&self.head)));
            let head = std::mem::take(&mut self.head);
            self.parse(&head, false)?;
        }
        self.parse(&[], true)?;
        if self.layout.is_none() {
            return Err(ImportError::Empty);
        }
        self.preview.good = self.good.len() as u64;
        Ok(Imported {
            preview: self.preview,
            rows: self.good,
        })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.bytes,
            rows: self.preview.rows,
        }
    }

    /// Runs the parser over `input`; at the end of the file (`eof`) until it says so.
    fn parse(&mut self, mut input: &[u8], eof: bool) -> Result<(), ImportError> {
        loop {
            let Some(rdr) = self.reader.as_mut() else {
                return Ok(());
            };
            let (res, nin, nout, nend) = rdr.read_record(
                input,
                &mut self.record[self.outpos..],
                &mut self.ends[self.endpos..],
            );
            input = &input[nin..];
            self.outpos += nout;
            self.endpos += nend;
            match step(res) {
                Some(Step::More) if !eof || !input.is_empty() => return Ok(()),
                Some(Step::More) => {}
                Some(Step::Record) => {
                    self.record_no += 1;
                    self.on_record()?;
                    self.outpos = 0;
                    self.endpos = 0;
                }
                Some(Step::End) => return Ok(()),
                None => self.grow()?,
            }
        }
    }

    fn grow(&mut self) -> Result<(), ImportError> {
        if self.outpos >= self.record.len() {
            if self.record.len() >= MAX_ROW_BYTES {
                return Err(ImportError::RowTooLong(self.record_no + 1));
            }
            self.record.resize(self.record.len() * 2, 0);
        }
        if self.endpos >= self.ends.len() {
            if self.ends.len() >= MAX_ROW_BYTES / 8 {
                return Err(ImportError::RowTooLong(self.record_no + 1));
            }
            self.ends.resize(self.ends.len() * 2, 0);
        }
        Ok(())
    }

    fn on_record(&mut self) -> Result<(), ImportError> {
        // The buffers are lent out for the row's checks and put back for the next record.
        let record = std::mem::take(&mut self.record);
        let ends = std::mem::take(&mut self.ends);
        let result = self.fields(&record, &ends[..self.endpos.min(ends.len())]);
        self.record = record;
        self.ends = ends;
        result
    }

    fn fields(&mut self, record: &[u8], ends: &[usize]) -> Result<(), ImportError> {
        let mut start = 0;
        let fields: Vec<Cow<str>> = ends
            .iter()
            .map(|&end| {
                let f = String::from_utf8_lossy(record.get(start..end).unwrap_or(&[]));
                start = end;
                f
            })
            .collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            return Ok(());
        }
        let fields: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
        match &self.layout {
            None => self.header(&fields),
            Some(_) => {
                self.row(&fields);
                Ok(())
            }
        }
    }

    fn header(&mut self, fields: &[&str]) -> Result<(), ImportError> {
        let headers: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        let cols = classify_all(&headers);
        let at = |c: &Column| cols.iter().position(|x| x == c);
        let Some(email) = at(&Column::Email) else {
            if fields
                .iter()
                .any(|f| valid_address(&f.to_ascii_lowercase()))
            {
                return Err(ImportError::NoHeader);
            }
            return Err(ImportError::NoEmailColumn(headers.join(", ")));
        };
        let custom: Vec<(String, usize)> = cols
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Column::Custom(k) => Some((k.clone(), i)),
                _ => None,
            })
            .collect();
        self.preview.custom_fields = custom.iter().map(|(k, _)| k.clone()).collect();
        self.good = GoodRows::new(self.preview.custom_fields.clone());
        self.layout = Some(Layout {
            email,
            first: at(&Column::FirstName),
            last: at(&Column::LastName),
            full: at(&Column::FullName),
            company: at(&Column::Company),
            title: at(&Column::Title),
            tier: at(&Column::Tier),
            zone: at(&Column::TimeZone),
            custom,
        });
        Ok(())
    }

    fn row(&mut self, fields: &[&str]) {
        let Some(l) = &self.layout else { return };
        self.preview.rows += 1;
        let row = self.record_no;
        let get = |i: Option<usize>| i.and_then(|i| fields.get(i)).copied().unwrap_or("");
        let email = get(Some(l.email)).to_ascii_lowercase();
        let (first, last) = match (l.first.or(l.last), get(l.full)) {
            (None, full) if !full.is_empty() => full.split_once(' ').unwrap_or((full, "")),
            _ => (get(l.first), get(l.last)),
        };
        let value = |var: &str| -> &str {
            match var {
                "email" | "domain" => "x",
                "first_name" => first,
                "last_name" => last,
                "name" if !first.is_empty() => first,
                "name" => get(l.full),
                "company" => get(l.company),
                "title" => get(l.title),
                "tier" => get(l.tier),
                other => get(l.custom.iter().find(|(k, _)| k == other).map(|(_, i)| *i)),
            }
        };
        let valid = valid_address(&email);
        let kind = if !valid {
            Some(ProblemKind::InvalidAddress)
        } else if let Some(&first_row) = self.seen.get(&hash(&email)) {
            Some(ProblemKind::DuplicateRow { first_row })
        } else if self.known.suppressed.contains(&email) {
            Some(ProblemKind::Suppressed)
        } else if self.known.enrolled.contains(&email) {
            Some(ProblemKind::AlreadyEnrolled)
        } else {
            self.required
                .iter()
                .find(|v| value(v).trim().is_empty())
                .map(|v| ProblemKind::MissingValue {
                    variable: v.clone(),
                })
        };
        if valid {
            self.seen.entry(hash(&email)).or_insert(row);
        }
        let Some(kind) = kind else {
            let mut stored: Vec<&str> = Vec::with_capacity(FIXED + l.custom.len());
            stored.extend([
                email.as_str(),
                first,
                last,
                get(l.company),
                get(l.title),
                get(l.tier),
                get(l.zone),
            ]);
            stored.extend(l.custom.iter().map(|(_, i)| get(Some(*i))));
            self.good.push(&stored);
            return;
        };
        let c = &mut self.preview.counts;
        match &kind {
            ProblemKind::InvalidAddress => c.invalid_address += 1,
            ProblemKind::MissingValue { .. } => c.missing_value += 1,
            ProblemKind::Suppressed => c.suppressed += 1,
            ProblemKind::AlreadyEnrolled => c.already_enrolled += 1,
            ProblemKind::DuplicateRow { .. } => c.duplicate_row += 1,
        }
        if self.preview.problems.len() < PREVIEW_PROBLEMS {
            self.preview.problems.push(Problem { row, email, kind });
        }
    }
}
