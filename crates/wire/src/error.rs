//! Error bodies on the wire: SailPoint's `ErrorResponseDto`, IGA's `{message}` and the
//! OAuth `{error, error_description}`. The server builds them; the portal reads them to
//! show the server's own words next to the field they name.

use serde::{Deserialize, Serialize};

/// One localized message of an [`ErrorResponseDto`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorMessageDto {
    pub locale: Option<String>,
    pub locale_origin: Option<String>,
    pub text: String,
}

impl ErrorMessageDto {
    pub fn en(text: impl Into<String>) -> Self {
        Self {
            locale: Some("en-US".into()),
            locale_origin: Some("DEFAULT".into()),
            text: text.into(),
        }
    }
}

/// SailPoint's error body for every 4xx/5xx on the SailPoint paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResponseDto {
    pub detail_code: String,
    pub tracking_id: String,
    #[serde(default)]
    pub messages: Vec<ErrorMessageDto>,
    #[serde(default)]
    pub causes: Vec<ErrorMessageDto>,
}

impl ErrorResponseDto {
    /// The first message's text, the one a person should read.
    pub fn text(&self) -> Option<&str> {
        self.messages.first().map(|m| m.text.as_str())
    }
}

/// The `detailCode` SailPoint uses for a status.
pub fn detail_code(status: u16) -> &'static str {
    match status {
        400 => "400.1 Bad Request Content",
        401 => "401 Unauthorized",
        403 => "403 Forbidden",
        404 => "404 Not found",
        405 => "405 Method Not Allowed",
        409 => "409 Conflict",
        412 => "412 Precondition Failed",
        413 => "413 Payload Too Large",
        415 => "415 Unsupported Media Type",
        429 => "429 Too Many Requests",
        _ => "500.0 Internal Fault",
    }
}

/// IGA's error body (`/iga/...`) and the 429 body: `{"message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageBody {
    pub message: String,
}

/// The OAuth token endpoint's and the bearer check's error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthError {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// Any of the error bodies above, as the portal reads them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum AnyErrorBody {
    Sailpoint(ErrorResponseDto),
    OAuth(OAuthError),
    Message(MessageBody),
}

impl AnyErrorBody {
    /// The texts a person should read, most specific first.
    pub fn texts(&self) -> Vec<String> {
        match self {
            Self::Sailpoint(e) => e.messages.iter().map(|m| m.text.clone()).collect(),
            Self::OAuth(e) => vec![e.error_description.clone().unwrap_or_else(|| e.error.clone())],
            Self::Message(m) => vec![m.message.trim().to_string()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_error_shape() {
        let sp: AnyErrorBody = serde_json::from_str(
            r#"{"detailCode":"400.1 Bad Request Content","trackingId":"ab","messages":[{"locale":"en-US","localeOrigin":"DEFAULT","text":"limit must be at most 250"}],"causes":[]}"#,
        )
        .unwrap();
        assert_eq!(sp.texts(), vec!["limit must be at most 250"]);
        let oauth: AnyErrorBody =
            serde_json::from_str(r#"{"error":"invalid_client","error_description":"Bad credentials"}"#).unwrap();
        assert_eq!(oauth.texts(), vec!["Bad credentials"]);
        let msg: AnyErrorBody = serde_json::from_str(r#"{"message":" Rate Limit Exceeded "}"#).unwrap();
        assert_eq!(msg.texts(), vec!["Rate Limit Exceeded"]);
    }

    #[test]
    fn detail_codes_follow_status() {
        assert_eq!(detail_code(400), "400.1 Bad Request Content");
        assert_eq!(detail_code(404), "404 Not found");
        assert_eq!(detail_code(599), "500.0 Internal Fault");
    }
}
