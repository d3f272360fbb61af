//! Fuzz target `inspect`: see [`jwt_doctor_fuzz::inspect`] for the input layout and invariants.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwt_doctor_fuzz::inspect(data));
