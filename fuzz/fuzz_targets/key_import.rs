//! Fuzz target `key_import`: see [`jwt_doctor_fuzz::key_import`] for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwt_doctor_fuzz::key_import(data));
