//! Reading a user's file piece by piece (`Blob.slice` + `arrayBuffer`), handing each piece to
//! the caller and yielding to the event loop in between, so that a 100,000-row CSV never holds
//! the page: clicks, typing and progress updates get their turn after every piece.
use crate::ui::bridge::error_text;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

/// Small enough that parsing one piece stays well under a frame on a slow machine.
pub const CHUNK_BYTES: f64 = 256.0 * 1024.0;

/// Why reading stopped early.
pub enum Stop<E> {
    /// The caller said so (cancel, or a newer read took over).
    Cancelled,
    /// The browser could not read the file.
    Read(String),
    /// The caller's handler refused a piece.
    Handler(E),
}

/// Resolves after the browser has run its pending tasks (input, rendering).
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Feeds `file` to `on_piece(bytes, bytes_read_so_far)` in order. `go_on` is asked before
/// every piece; `false` stops with `Stop::Cancelled`.
pub async fn read<E>(
    file: &File,
    mut go_on: impl FnMut() -> bool,
    mut on_piece: impl FnMut(&[u8], f64) -> Result<(), E>,
) -> Result<(), Stop<E>> {
    let size = file.size();
    let mut at = 0.0;
    while at < size {
        if !go_on() {
            return Err(Stop::Cancelled);
        }
        let end = (at + CHUNK_BYTES).min(size);
        let piece = file
            .slice_with_f64_and_f64(at, end)
            .map_err(|e| Stop::Read(error_text(&e)))?;
        let buf = JsFuture::from(piece.array_buffer())
            .await
            .map_err(|e| Stop::Read(error_text(&e)))?;
        if !go_on() {
            return Err(Stop::Cancelled);
        }
        let bytes = js_sys::Uint8Array::new(&buf).to_vec();
        on_piece(&bytes, end).map_err(Stop::Handler)?;
        at = end;
        yield_now().await;
    }
    Ok(())
}
