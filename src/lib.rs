//! Typed, validated clients for Huawei Cloud APIs.

pub mod validation;
