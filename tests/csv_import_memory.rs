//! A 100,000-row CSV import, measured with a counting allocator (dhat, in its own test
//! binary since it replaces the global allocator): the file is fed in 64 KiB chunks and never
//! held whole, and the peak heap stays under the file's size plus a small overhead, well
//! below twice the file.
#![allow(clippy::unwrap_used)] // test helpers, outside `#[test]` functions
use mailseq::core::craft::csv_import::{ImportSession, Known};
use mailseq::core::sequence::SequenceSpec;
use std::io::Write;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const ROWS: usize = 100_000;
const CHUNK: usize = 64 * 1024;

fn spec() -> SequenceSpec {
    SequenceSpec::parse(serde_json::json!({"name": "Cold",
        "window": {"days": ["mon"], "from": "09:00", "to": "17:00", "timeZone": "UTC"},
        "firstEmail": {"subject": "Hi {{first_name|there}}", "body": "About {{company}}."},
        "steps": [{"kind": "email", "thread": "same", "delay": {"days": 2},
                   "body": "Hi {{first_name|there}}, at {{company}} as {{title|a lead}}."}]}))
    .unwrap()
}

/// One realistic row; every 1000th repeats an earlier address and every 997th lacks the
/// company the templates need, so the problem paths run too.
fn row(i: usize, out: &mut Vec<u8>) {
    let email = if i % 1000 == 999 { i - 1 } else { i };
    let company = if i.is_multiple_of(997) {
        ""
    } else {
        "Acme Widgets International"
    };
    writeln!(
        out,
        "prospect.{email}@example-company-{}.test,Firstname{i},Lastname{i},{company},Head of Operations,A,Europe/Berlin,\"Met at the fair, booth {i}\"",
        email % 500
    )
    .unwrap();
}

#[test]
fn csv_import_100k_rows_does_not_hold_the_file_twice() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let spec = spec();
    let mut session = ImportSession::new(&spec, Known::default());
    let mut chunk: Vec<u8> = Vec::with_capacity(CHUNK + 512);
    chunk.extend_from_slice(b"Email,First Name,Last Name,Company,Title,Tier,Time Zone,Notes\n");
    let before = dhat::HeapStats::get();
    let mut file_bytes = 0usize;
    for i in 0..ROWS {
        row(i, &mut chunk);
        if chunk.len() >= CHUNK {
            session.feed(&chunk).unwrap();
            file_bytes += chunk.len();
            chunk.clear();
        }
    }
    session.feed(&chunk).unwrap();
    file_bytes += chunk.len();
    drop(chunk);
    let imported = session.finish().unwrap();
    let after = dhat::HeapStats::get();

    let p = &imported.preview;
    assert_eq!(p.rows, ROWS as u64);
    assert_eq!(p.counts.duplicate_row, 100);
    assert_eq!(p.counts.missing_value, 101);
    assert_eq!(p.good, (ROWS - 201) as u64);
    assert_eq!(imported.rows.iter().count(), ROWS - 201);

    let peak = after.max_bytes - before.curr_bytes;
    let held = after.curr_bytes - before.curr_bytes;
    let rows_text = imported.rows.bytes();
    println!(
        "100k-row import: file {file_bytes} B; peak heap {peak} B ({:.2}x the file); held after finish {held} B; good-row text {rows_text} B",
        peak as f64 / file_bytes as f64
    );
    // The acceptance bar: never the whole file twice. In practice the good rows (about the
    // file's bytes, less quotes and commas) plus the duplicate index.
    assert!(peak < 2 * file_bytes, "peak {peak} vs file {file_bytes}");
    assert!(
        peak < file_bytes + file_bytes / 2,
        "peak {peak} vs file {file_bytes}"
    );
}
