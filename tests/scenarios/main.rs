//! The failure catalogue: one whole-runtime test per historical failure of a derivatives or
//! lending venue or a proof-of-stake chain, each reproducing its mechanics on Ballast and
//! asserting, with numbers, what Ballast does instead. Every scenario runs on the runtime
//! fuzzer's chain (`ballast_integration_tests::fuzz::world`), so all of the fuzzer's
//! invariants are checked after every block too.

mod common;

mod aave_crv_2022;
mod acala_ausd_2022;
mod black_thursday_2020;
mod compound_dai_2020;
mod correlated_restaking;
mod dydx_yfi_2023;
mod hyperliquid_jelly_2025;
mod kusama_4543;
mod mango_2022;
mod neutron_ics;
mod october_2025_adl;
mod oracle_outage;
mod relay_silence;
mod slash_cancel_9187;
mod terra_2022;
mod venus_luna_2022;
