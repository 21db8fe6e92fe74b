//! Sequence craft: what helps a user write sequences that work and see which steps do.
//! Starter templates, best-practice checks, the compliance footer, A/B variants, prospects
//! and their CSV import. Pure, like the rest of `core`.
pub mod checks;
pub mod csv_import;
pub mod emails;
pub mod footer;
pub mod prospects;
pub mod starters;
pub mod variants;
