//! A scenario as a short, URL-safe token: what a share link carries after `#scenario=`.
//!
//! A token is `z<schema>.<data>`: `z` names the encoding (raw DEFLATE of the scenario's compact
//! JSON, then unpadded URL-safe base64), `<schema>` the scenario format inside, so that a link
//! from a newer Funnel Lab is recognised before anything is unpacked, and a link from an older one
//! is migrated by [`Scenario::load`] like an old file. Only the scenario travels: a team's
//! imported leads are never part of it.
//!
//! Decoding is bounded: a token longer than [`MAX_TOKEN`] characters, or data that unpacks to
//! more than [`MAX_JSON`] bytes, is refused before it can cost memory or time.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::scenario::{Loaded, Scenario, ScenarioError, SCHEMA};

/// The longest token read: far above any real scenario (the presets take about 3,000).
pub const MAX_TOKEN: usize = 65_536;
/// The most bytes a token may unpack to.
pub const MAX_JSON: usize = 1 << 20;

/// The encoding letter this version writes and reads.
const DEFLATE: char = 'z';

/// The token for `scenario`.
pub fn encode(scenario: &Scenario) -> String {
    let json = serde_json::to_string(scenario).expect("a scenario always serializes");
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!(
        "{DEFLATE}{}.{}",
        scenario.schema,
        URL_SAFE_NO_PAD.encode(packed)
    )
}

/// Why a token could not be read, in words a person who pasted a link can act on.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LinkError {
    #[error("the link holds no scenario: nothing follows \"scenario=\"; copy the whole link")]
    Empty,
    #[error("the link is too long ({len} characters; a scenario link has at most {MAX_TOKEN})")]
    TooLong { len: usize },
    #[error(
        "the link's scenario is in an encoding this version does not know (“{0}”): it may come \
         from a newer Funnel Lab"
    )]
    Encoding(String),
    #[error(
        "the link was made by a newer Funnel Lab (scenario format {0}); this version reads \
         formats 1 to {SCHEMA}"
    )]
    Newer(u64),
    #[error("the link is damaged: it does not say its scenario format; copy the whole link")]
    NoFormat,
    #[error(
        "the link is damaged: character {at} (“{found}”) is not one a link uses; it may have been \
         altered in copying"
    )]
    Character { at: usize, found: char },
    #[error("the link is damaged: its data does not unpack, so it may be cut short; copy the whole link")]
    Unpack,
    #[error("the link unpacks to more than {} MiB, more than any scenario: it was not made by Funnel Lab", MAX_JSON >> 20)]
    TooLarge,
    #[error("the link is damaged: its data is not text")]
    NotText,
    #[error("the link's scenario cannot be used: {0}")]
    Scenario(ScenarioError),
}

/// Reads a token back into a scenario, migrating an older format (the notes say what changed).
pub fn decode(token: &str) -> Result<Loaded, LinkError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(LinkError::Empty);
    }
    if token.len() > MAX_TOKEN {
        return Err(LinkError::TooLong { len: token.len() });
    }
    let (head, data) = token.split_once('.').ok_or(LinkError::NoFormat)?;
    let mut chars = head.chars();
    let encoding = chars.next().ok_or(LinkError::NoFormat)?;
    if encoding != DEFLATE {
        return Err(LinkError::Encoding(
            head.trim_end_matches(|c: char| c.is_ascii_digit())
                .chars()
                .take(8)
                .collect(),
        ));
    }
    let schema: u64 = chars.as_str().parse().map_err(|_| LinkError::NoFormat)?;
    if schema > u64::from(SCHEMA) {
        return Err(LinkError::Newer(schema));
    }
    if let Some((at, found)) = data
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        // Counted from 1 in the whole token, as the person sees it.
        return Err(LinkError::Character {
            at: head.chars().count() + 2 + at,
            found,
        });
    }
    let packed = URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|_| LinkError::Unpack)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Unpack,
        },
    )?;
    let text = String::from_utf8(json).map_err(|_| LinkError::NotText)?;
    Scenario::load(&text).map_err(LinkError::Scenario)
}

/// The token in a URL or fragment: what follows `scenario=` in its `#…` part (or in the text
/// itself when it is a bare fragment), up to the next `&`. `None` when there is none.
pub fn token_in(url_or_fragment: &str) -> Option<&str> {
    let fragment = match url_or_fragment.split_once('#') {
        Some((_, f)) => f,
        None => url_or_fragment,
    };
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix("scenario="))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn every_preset_round_trips_exactly() {
        for name in presets::NAMES {
            let s = presets::preset(name).unwrap();
            let token = encode(&s);
            assert!(token.starts_with("z2."), "{token}");
            assert!(token.len() < 8_000, "{name}: {} characters", token.len());
            let back = decode(&token).unwrap();
            assert_eq!(back.scenario, s, "{name}");
            assert!(back.notes.is_empty());
        }
    }

    #[test]
    fn tokens_use_only_url_safe_characters() {
        let token = encode(&presets::preset("aligned").unwrap());
        assert!(token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
    }

    #[test]
    fn the_token_is_found_in_a_url_or_a_fragment() {
        assert_eq!(
            token_in("https://x.test/tools/?embed#scenario=z2.abc&controls=threshold"),
            Some("z2.abc")
        );
        assert_eq!(token_in("#embed&scenario=z2.q"), Some("z2.q"));
        assert_eq!(token_in("scenario=z2.q"), Some("z2.q"));
        assert_eq!(token_in("https://x.test/#results"), None);
        assert_eq!(token_in("https://x.test/"), None);
    }

    #[test]
    fn damaged_tokens_say_what_is_wrong() {
        let good = encode(&presets::preset("default").unwrap());
        let cut = &good[..good.len() / 2];
        assert_eq!(decode(cut).unwrap_err(), LinkError::Unpack);
        assert_eq!(decode("").unwrap_err(), LinkError::Empty);
        assert_eq!(decode("abc").unwrap_err(), LinkError::NoFormat);
        assert_eq!(decode("z.abc").unwrap_err(), LinkError::NoFormat);
        assert_eq!(decode("z9.abc").unwrap_err(), LinkError::Newer(9));
        assert_eq!(
            decode("q2.abc").unwrap_err(),
            LinkError::Encoding("q".into())
        );
        let mut altered = good.clone();
        altered.insert(10, '%');
        assert_eq!(
            decode(&altered).unwrap_err(),
            LinkError::Character { at: 11, found: '%' }
        );
        let long = "z2.".to_string() + &"A".repeat(MAX_TOKEN);
        assert!(matches!(
            decode(&long).unwrap_err(),
            LinkError::TooLong { .. }
        ));
        for e in [
            LinkError::Unpack,
            LinkError::Newer(9),
            LinkError::TooLarge,
            LinkError::Empty,
        ] {
            assert!(e.to_string().starts_with("the link"), "{e}");
        }
    }

    #[test]
    fn a_bomb_is_refused_before_it_unpacks() {
        let zeros = vec![b' '; MAX_JSON + 10];
        let packed = miniz_oxide::deflate::compress_to_vec(&zeros, 9);
        let token = format!("z2.{}", URL_SAFE_NO_PAD.encode(packed));
        assert!(token.len() < MAX_TOKEN);
        assert_eq!(decode(&token).unwrap_err(), LinkError::TooLarge);
    }

    #[test]
    fn a_token_that_is_not_a_scenario_names_the_field() {
        let packed = miniz_oxide::deflate::compress_to_vec(br#"{"schema":2,"name":3}"#, 9);
        let token = format!("z2.{}", URL_SAFE_NO_PAD.encode(packed));
        let e = decode(&token).unwrap_err();
        assert!(matches!(e, LinkError::Scenario(_)), "{e:?}");
        assert!(e.to_string().contains("cannot be used"), "{e}");
        let packed = miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0x00], 9);
        let token = format!("z2.{}", URL_SAFE_NO_PAD.encode(packed));
        assert_eq!(decode(&token).unwrap_err(), LinkError::NotText);
    }
}
