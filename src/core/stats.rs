//! PLACEHOLDER until the reply branch lands.
