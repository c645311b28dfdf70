//! Typed, validated clients for Huawei Cloud APIs, generated at build time from the OpenAPI
//! documents in `spec/`.
//!
//! Each document is a module: [`gaussdb`], [`dbss`], [`vpc`]. A module holds its schemas in
//! `types`, one request type (with a builder) and one error type per operation, and a
//! `Client` with one method per operation. The rest of the crate is the runtime they stand
//! on: [`config`], [`credentials`], [`signing`] (AK/SK request signing, usable on its own),
//! [`transport`], [`validation`] and [`error`].
//!
//! ```no_run
//! use hwcloud::vpc::{self, types::{UpdateSecurityGroupOption, UpdateSecurityGroupReq}};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = hwcloud::config::Config::from_env()?; // CLOUD_SDK_AK, CLOUD_SDK_SK, ...
//! let client = vpc::Client::new(config)?;
//! let request = vpc::UpdateSecurityGroupRequest::builder()
//!     .security_group_id("1d8b19c7-7c56-48f7-a99b-4b40eb390967")
//!     .body(UpdateSecurityGroupReq {
//!         dry_run: None,
//!         security_group: UpdateSecurityGroupOption {
//!             name: Some("security_group_2".into()),
//!             description: Some("modified description".into()),
//!         },
//!     })
//!     .build()?; // every violated constraint, before anything is sent
//! let response = client.update_security_group(&request).await?;
//! println!("{:?} (request {:?})", response.body, response.request_id);
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

// Generated code names the runtime `::hwcloud::...`, inside this crate as in any other.
extern crate self as hwcloud;

pub mod auth;
mod body;
mod call;
pub mod config;
pub mod credentials;
pub mod datetime;
mod enums;
pub mod error;
mod multipart;
pub mod number;
pub mod response;
pub mod retry;
pub mod secret;
pub mod signing;
pub mod transport;
mod unions;
pub mod validation;
pub mod webhook;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

include!(concat!(env!("OUT_DIR"), "/mod.rs"));
