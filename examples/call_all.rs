//! Calls each of the six operations of `spec/` with its reference page's example request and
//! prints each result; exits non-zero if any call failed.
//!
//! Reads the environment: `CLOUD_SDK_AK` and `CLOUD_SDK_SK` (or `CLOUD_SDK_TOKEN`),
//! `CLOUD_SDK_PROJECT_ID`, `CLOUD_SDK_REGION`, and optionally `CLOUD_SDK_ENDPOINT`, which sends
//! every service to that one endpoint (a local server, a private deployment). Against the
//! fake cloud, with the same keys in both terminals (README, "Calling all six operations"):
//! `cargo run -p hwcloud-mock` in one, then
//! `CLOUD_SDK_ENDPOINT=http://127.0.0.1:8080 CLOUD_SDK_PROJECT_ID=23a50154cf494ec9ad6883979a12db0a cargo run --example call_all`.

use std::fmt::Debug;
use std::io::Write;
use std::process::ExitCode;

use hwcloud::config::Config;
use hwcloud::error::{Error, ErrorMetadata};
use hwcloud::response::Response;
use hwcloud::transport::Transport;
use hwcloud::{dbss, gaussdb, vpc};

/// The StarRocks instance of page 003's example (page 000 shows only a placeholder).
const STARROCKS_INSTANCE: &str = "86fd60a5256a4592b957e8e6bb2d1b59in07";
/// The DBSS instance of page 001's example (page 002 shows only a placeholder).
const DBSS_INSTANCE: &str = "062212d8-8e30-4783-9671-43f3f1f3bb1e";

fn show<T: Debug, E: ErrorMetadata>(name: &str, result: Result<Response<T>, Error<E>>) -> bool {
    match result {
        // Printing may fail (a closed pipe); the exit status still tells the result.
        Ok(response) => {
            let _ = writeln!(
                std::io::stdout(),
                "ok   {name}: HTTP {} (request {}): {:?}",
                response.status,
                response.request_id.as_deref().unwrap_or("-"),
                response.body
            );
            true
        }
        Err(error) => {
            let _ = writeln!(std::io::stdout(), "FAIL {name}: {error}");
            false
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let transport = match Transport::new(config) {
        Ok(t) => t,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let clients = (
        gaussdb::Client::with_transport(transport.clone()),
        dbss::Client::with_transport(transport.clone()),
        vpc::Client::with_transport(transport),
    );
    let (gaussdb, dbss, vpc) = match clients {
        (Ok(g), Ok(d), Ok(v)) => (g, d, v),
        (g, d, v) => {
            for error in [g.err(), d.err(), v.err()].into_iter().flatten() {
                eprintln!("error: {error}");
            }
            return ExitCode::from(2);
        }
    };
    let mut ok = true;

    // Page 000.
    let request = gaussdb::ModifyStarRocksSecurityGroupRequest::builder()
        .instance_id(STARROCKS_INSTANCE)
        .body(gaussdb::types::ModifyStarRocksSecurityGroupReq {
            security_group_id: "967a0ac2-3cae-4e57-a49a-d0f6ff07dcc1".into(),
        })
        .build();
    ok &= match request {
        Ok(r) => show(
            "ModifyStarRocksSecurityGroup",
            gaussdb.modify_star_rocks_security_group(&r).await,
        ),
        Err(e) => show::<(), ()>("ModifyStarRocksSecurityGroup", Err(Error::Validation(e))),
    };

    // Page 003.
    let request = gaussdb::UpdateStarRocksDatabaseUserPermissionRequest::builder()
        .instance_id(STARROCKS_INSTANCE)
        .body(gaussdb::types::UpdateStarRocksDatabaseUserPermissionReq {
            user_name: "user_test".into(),
            dml: Some(
                gaussdb::types::UpdateStarRocksDatabaseUserPermissionReqDml::ReadOnlyAndConfig,
            ),
            databases: Some(vec!["*".into()]),
            ddl: None,
        })
        .build();
    ok &= match request {
        Ok(r) => show(
            "UpdateStarRocksDatabaseUserPermission",
            gaussdb.update_star_rocks_database_user_permission(&r).await,
        ),
        Err(e) => show::<(), ()>(
            "UpdateStarRocksDatabaseUserPermission",
            Err(Error::Validation(e)),
        ),
    };

    // Page 001, on the deprecated path and on its replacement.
    let audit_body = dbss::types::UpdateAuditSecurityGroupReq {
        instance_id: DBSS_INSTANCE.into(),
        securitygroup_ids: vec!["f0fbec06-bcf6-4c7e-99fa-f0ddfbb1d9bd".into()],
    };
    match dbss::UpdateAuditSecurityGroupRequest::builder()
        .body(audit_body.clone())
        .build()
    {
        #[allow(deprecated)]
        Ok(r) => {
            ok &= show(
                "UpdateAuditSecurityGroup",
                dbss.update_audit_security_group(&r).await,
            )
        }
        Err(e) => ok &= show::<(), ()>("UpdateAuditSecurityGroup", Err(Error::Validation(e))),
    }
    match dbss::UpdateAuditSecurityGroupNewRequest::builder()
        .body(audit_body)
        .build()
    {
        Ok(r) => {
            ok &= show(
                "UpdateAuditSecurityGroupNew",
                dbss.update_audit_security_group_new(&r).await,
            )
        }
        Err(e) => ok &= show::<(), ()>("UpdateAuditSecurityGroupNew", Err(Error::Validation(e))),
    }

    // Page 002.
    let request = dbss::ChangeDbEncryptSecurityGroupRequest::builder()
        .instance_id(DBSS_INSTANCE)
        .body(dbss::types::ChangeDbEncryptSecurityGroupReq {
            security_group_ids: vec!["9e033f2d-04a5-4bdc-858e-17e31599d052".into()],
        })
        .build();
    ok &= match request {
        Ok(r) => show(
            "ChangeDbEncryptSecurityGroup",
            dbss.change_db_encrypt_security_group(&r).await,
        ),
        Err(e) => show::<(), ()>("ChangeDbEncryptSecurityGroup", Err(Error::Validation(e))),
    };

    // Page 004.
    let request = vpc::UpdateSecurityGroupRequest::builder()
        .security_group_id("1d8b19c7-7c56-48f7-a99b-4b40eb390967")
        .body(vpc::types::UpdateSecurityGroupReq {
            dry_run: None,
            security_group: vpc::types::UpdateSecurityGroupOption {
                name: Some("security_group_2".into()),
                description: Some("modified description".into()),
            },
        })
        .build();
    ok &= match request {
        Ok(r) => show("UpdateSecurityGroup", vpc.update_security_group(&r).await),
        Err(e) => show::<(), ()>("UpdateSecurityGroup", Err(Error::Validation(e))),
    };

    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
