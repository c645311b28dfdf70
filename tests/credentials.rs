//! Reading credentials from (simulated) environment variables, and keeping secrets out of
//! every printed form of credentials and errors.

use std::collections::HashMap;

use hwcloud::credentials::{Credentials, CredentialsError, VarState};
use hwcloud::secret::Secret;

const SK: &str = "sk-VALUE-must-never-print";
const TOKEN: &str = "token-VALUE-must-never-print";
const SECURITY_TOKEN: &str = "security-token-VALUE-must-never-print";
const SECRETS: [&str; 3] = [SK, TOKEN, SECURITY_TOKEN];

fn from_vars(vars: &[(&str, &str)]) -> Result<Credentials, CredentialsError> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    Credentials::from_lookup(|name| vars.get(name).cloned())
}

fn assert_no_secret(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "secret leaked into {text:?}");
    }
}

#[test]
fn permanent_keys() {
    let credentials = from_vars(&[("CLOUD_SDK_AK", "AK1"), ("CLOUD_SDK_SK", SK)]);
    assert_eq!(credentials, Ok(Credentials::permanent("AK1", SK)));
}

#[test]
fn temporary_keys() {
    let credentials = from_vars(&[
        ("CLOUD_SDK_AK", "AK1"),
        ("CLOUD_SDK_SK", SK),
        ("CLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
    ]);
    assert_eq!(
        credentials,
        Ok(Credentials::temporary("AK1", SK, SECURITY_TOKEN))
    );
}

#[test]
fn empty_security_token_means_permanent_keys() {
    let credentials = from_vars(&[
        ("CLOUD_SDK_AK", "AK1"),
        ("CLOUD_SDK_SK", SK),
        ("CLOUD_SDK_SECURITY_TOKEN", ""),
    ]);
    assert_eq!(credentials, Ok(Credentials::permanent("AK1", SK)));
}

#[test]
fn token() {
    assert_eq!(
        from_vars(&[("CLOUD_SDK_TOKEN", TOKEN)]),
        Ok(Credentials::token(TOKEN))
    );
}

#[test]
fn keys_take_precedence_over_a_token() {
    let credentials = from_vars(&[
        ("CLOUD_SDK_AK", "AK1"),
        ("CLOUD_SDK_SK", SK),
        ("CLOUD_SDK_TOKEN", TOKEN),
    ]);
    assert_eq!(credentials, Ok(Credentials::permanent("AK1", SK)));
}

#[test]
fn ak_without_sk_names_the_sk_variable() {
    for vars in [
        &[("CLOUD_SDK_AK", "AK1")][..],
        // A token does not rescue a half-set pair: the user clearly meant to use keys.
        &[("CLOUD_SDK_AK", "AK1"), ("CLOUD_SDK_TOKEN", TOKEN)][..],
    ] {
        let err = from_vars(vars).err();
        assert_eq!(
            err,
            Some(CredentialsError::IncompleteAkSk {
                present: "CLOUD_SDK_AK",
                missing: "CLOUD_SDK_SK",
                state: VarState::Unset,
            })
        );
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("CLOUD_SDK_SK"), "{text}");
        assert_no_secret(&text);
    }
}

#[test]
fn empty_sk_is_reported_as_empty() {
    let err = from_vars(&[("CLOUD_SDK_AK", "AK1"), ("CLOUD_SDK_SK", "  ")]).err();
    assert_eq!(
        err.as_ref().map(CredentialsError::missing_variables),
        Some(vec!["CLOUD_SDK_SK"])
    );
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("CLOUD_SDK_SK is empty"), "{text}");
}

#[test]
fn sk_without_ak_names_the_ak_variable() {
    let err = from_vars(&[("CLOUD_SDK_SK", SK)]).err();
    let text = err.as_ref().map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("CLOUD_SDK_AK is not set"), "{text}");
    assert_no_secret(&text);
    assert_no_secret(&format!("{err:?}"));
}

#[test]
fn nothing_set_names_every_variable() {
    let err = from_vars(&[]).err();
    assert_eq!(
        err.as_ref().map(CredentialsError::missing_variables),
        Some(vec!["CLOUD_SDK_AK", "CLOUD_SDK_SK", "CLOUD_SDK_TOKEN"])
    );
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    for name in ["CLOUD_SDK_AK", "CLOUD_SDK_SK", "CLOUD_SDK_TOKEN"] {
        assert!(text.contains(name), "{name} missing from {text}");
    }
}

#[test]
fn lone_security_token_is_pointed_out_but_not_printed() {
    let err = from_vars(&[("CLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN)]).err();
    let text = err.as_ref().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("CLOUD_SDK_SECURITY_TOKEN is set but"),
        "{text}"
    );
    assert_no_secret(&text);
    assert_no_secret(&format!("{err:?}"));
}

#[test]
fn errors_are_std_errors() {
    let err: Box<dyn std::error::Error> = match from_vars(&[]) {
        Err(e) => Box::new(e),
        Ok(c) => panic!("expected an error, got {c}"),
    };
    assert!(err.to_string().starts_with("no Huawei Cloud credentials"));
}

#[test]
fn printing_credentials_never_shows_a_secret() {
    let all = [
        Credentials::token(TOKEN),
        Credentials::permanent("AK1", SK),
        Credentials::temporary("AK1", SK, SECURITY_TOKEN),
        Credentials::AkSk {
            ak: "AK1".to_owned(),
            sk: Secret::new(SK),
            security_token: Some(Secret::new(SECURITY_TOKEN)),
        },
    ];
    for credentials in &all {
        for text in [
            format!("{credentials:?}"),
            format!("{credentials:#?}"),
            format!("{credentials}"),
        ] {
            assert_no_secret(&text);
        }
    }
    // The AK is an identifier and helps tell keys apart, so it is shown.
    assert!(format!("{:?}", all[1]).contains("AK1"));
    assert!(all[2].to_string().contains("temporary"));
    assert_eq!(all[1].ak(), Some("AK1"));
    assert_eq!(all[0].ak(), None);
}

#[test]
fn every_error_hides_secrets() {
    let cases: [&[(&str, &str)]; 4] = [
        &[("CLOUD_SDK_AK", "AK1"), ("CLOUD_SDK_TOKEN", TOKEN)],
        &[
            ("CLOUD_SDK_SK", SK),
            ("CLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN),
        ],
        &[("CLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN)],
        &[("CLOUD_SDK_TOKEN", ""), ("CLOUD_SDK_SK", "")],
    ];
    for vars in cases {
        match from_vars(vars) {
            Err(err) => {
                assert_no_secret(&err.to_string());
                assert_no_secret(&format!("{err:?}"));
            }
            Ok(c) => panic!("expected an error for {vars:?}, got {c}"),
        }
    }
}

#[test]
fn secret_formatting() {
    let secret = Secret::new(SK);
    assert_eq!(format!("{secret:?}"), "Secret(***)");
    assert_eq!(secret.to_string(), "***");
    assert_eq!(secret.expose(), SK);
}
