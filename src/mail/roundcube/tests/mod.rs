//! Tests on the dated fixtures.
