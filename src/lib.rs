//! Typed, validated clients for Huawei Cloud APIs.
