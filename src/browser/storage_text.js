// The other half of src/browser/js.rs's json_entries: a whole `storage.get` answer as ONE JSON
// text, `[[key, ...], [value, ...]]`, for one parse in Rust. Records are stored as their own
// JSON text (layout v3, see src/core/migrate.rs), so their strings are spliced in as they are:
// no second escaping here and no second unescaping there. A string that is not JSON (a
// corrupt record, a value that is not ours) makes the whole text fail to parse, and Rust then
// reads value by value instead.
export function storage_text(all) {
  const keys = Object.keys(all);
  const values = keys.map((k) => {
    const v = all[k];
    return typeof v === 'string' && v.startsWith('{') ? v : JSON.stringify(v);
  });
  return '[' + JSON.stringify(keys) + ',[' + values.join(',') + ']]';
}
