//! The end-to-end harness: starts the real release server (with a fresh demo
//! database) serving the real built portal, starts Debian's chromedriver, and drives
//! headless Chromium through WebDriver. `cargo xtask test` builds both and sets
//! `GATEHOUSE_SERVER_BIN` and `GATEHOUSE_DIST`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

pub use fantoccini;

/// How long a step may wait for the page.
pub const WAIT: Duration = Duration::from_secs(20);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not start listening on port {port}");
}

fn env_path(name: &str) -> PathBuf {
    let p = std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| {
        panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`, which builds the release server and portal first")
    });
    assert!(
        p.exists(),
        "{name}={} does not exist: run `cargo xtask build`",
        p.display()
    );
    p
}

/// A running server + browser. Dropping it stops both.
pub struct Harness {
    pub base: String,
    pub browser: Client,
    _server: Child,
    _driver: Child,
    _dir: tempfile::TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        let bin = env_path("GATEHOUSE_SERVER_BIN");
        let dist = env_path("GATEHOUSE_DIST");
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let server = Command::new(bin)
            .arg("--addr")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--database")
            .arg(dir.path().join("e2e.db"))
            .args(["--seed", "demo", "--dist"])
            .arg(dist)
            .env("RUST_LOG", "warn")
            .kill_on_drop(true)
            .stdout(Stdio::null())
            .spawn()
            .expect("start gatehouse-server");
        let driver_port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={driver_port}"))
            .kill_on_drop(true)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (apt-get install chromium-driver)");
        wait_for_port(port, "gatehouse-server").await;
        wait_for_port(driver_port, "chromedriver").await;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--no-first-run",
                         "--disable-sync", "--window-size=1280,900",
                         format!("--user-data-dir={}", dir.path().join("chrome").display())]
            }),
        );
        let browser = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .expect("WebDriver session");
        Harness {
            base: format!("http://127.0.0.1:{port}"),
            browser,
            _server: server,
            _driver: driver,
            _dir: dir,
        }
    }

    pub async fn open(&self, path: &str) {
        self.browser
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    pub async fn find(&self, css: &str) -> Element {
        self.browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element '{css}' within {WAIT:?}: {e}"))
    }

    pub async fn testid(&self, id: &str) -> Element {
        self.find(&format!("[data-testid='{id}']")).await
    }

    /// Waits until `css` is gone from the page.
    pub async fn gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self
                .browser
                .find_all(Locator::Css(css))
                .await
                .map(|v| v.is_empty())
                .unwrap_or(false)
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("'{css}' is still on the page after {WAIT:?}");
    }

    /// Waits until an element's text satisfies `pred`, returning the text.
    pub async fn text_until(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(el) = self.browser.find(Locator::Css(css)).await {
                if let Ok(t) = el.text().await {
                    if pred(&t) {
                        return t;
                    }
                    last = t;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("'{css}' never had the expected text; last seen: {last:?}");
    }

    /// Waits until the path (and query) of the page satisfies `pred`.
    pub async fn url_until(&self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(url) = self.browser.current_url().await {
                let here = format!(
                    "{}{}",
                    url.path(),
                    url.query().map(|q| format!("?{q}")).unwrap_or_default()
                );
                if pred(&here) {
                    return here;
                }
                last = here;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the page never reached the expected address; last: {last}");
    }

    /// Clicks the element with this `data-testid` (waiting for it first).
    pub async fn click(&self, id: &str) {
        self.testid(id)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click [data-testid='{id}']: {e}"));
    }

    /// The texts of every element matching `css` (possibly none).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self.browser.find_all(Locator::Css(css)).await.unwrap_or_default() {
            out.push(el.text().await.unwrap_or_default());
        }
        out
    }

    /// Waits until the texts of the elements matching `css` satisfy `pred`.
    pub async fn texts_until(&self, css: &str, pred: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        let mut last = Vec::new();
        while Instant::now() < deadline {
            let texts = self.texts(css).await;
            if pred(&texts) {
                return texts;
            }
            last = texts;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("'{css}' never had the expected texts; last seen: {last:?}");
    }

    /// An attribute of the first element matching `css` (waiting for the element).
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css).await.attr(name).await.expect("read attribute")
    }

    /// Fills the sign-in form and submits it.
    pub async fn sign_in(&self, client_id: &str, secret: &str) {
        let id = self.find("#client-id").await;
        id.clear().await.expect("clear");
        id.send_keys(client_id).await.expect("type client id");
        let s = self.find("#client-secret").await;
        s.clear().await.expect("clear");
        s.send_keys(secret).await.expect("type secret");
        self.testid("signin-submit").await.click().await.expect("click sign in");
    }

    /// The labels of the main navigation, in order.
    pub async fn nav_labels(&self) -> Vec<String> {
        self.find("nav[aria-label='Main'] a").await;
        let mut out = Vec::new();
        for a in self
            .browser
            .find_all(Locator::Css("nav[aria-label='Main'] a"))
            .await
            .expect("nav links")
        {
            out.push(a.text().await.expect("link text"));
        }
        out
    }

    /// Calls the API from the page as a persona (client credentials `<id>`/`<id>-secret`,
    /// with the experimental header the v2024 identities need); `{me}` in the path or body
    /// becomes the persona's identity id. Answers the status, the JSON answer and the
    /// persona's identity id.
    pub async fn api_as(
        &self,
        who: &str,
        method: &str,
        path: &str,
        body: serde_json::Value,
    ) -> (u64, serde_json::Value, String) {
        let script = r#"
            const [who, method, path, body, done] = arguments;
            (async () => {
                const form = new URLSearchParams({grant_type: 'client_credentials', client_id: who, client_secret: who + '-secret'});
                const t = await (await fetch('/oauth/token', {method: 'POST', body: form})).json();
                const fill = (s) => s.split('{me}').join(t.identity_id);
                const init = {method, headers: {'Authorization': 'Bearer ' + t.access_token, 'X-SailPoint-Experimental': 'true'}};
                if (body !== null) {
                    init.headers['Content-Type'] = 'application/json';
                    init.body = fill(JSON.stringify(body));
                }
                const r = await fetch(fill(path), init);
                const text = await r.text();
                done([r.status, text ? JSON.parse(text) : null, t.identity_id]);
            })().catch((e) => done([0, String(e), '']));
        "#;
        let answer = self
            .browser
            .execute_async(
                script,
                vec![
                    serde_json::json!(who),
                    serde_json::json!(method),
                    serde_json::json!(path),
                    body,
                ],
            )
            .await
            .expect("run the API call in the page");
        (
            answer[0].as_u64().unwrap_or(0),
            answer[1].clone(),
            answer[2].as_str().unwrap_or_default().to_string(),
        )
    }

    pub async fn close(self) {
        let _ = self.browser.clone().close().await;
    }
}

impl Drop for Harness {
    /// Killing chromedriver (on drop) does not end the Chromium it started, so a test that
    /// fails before [`Harness::close`] would leave a browser running. Its profile directory
    /// is unique to this harness, so it names exactly this harness's Chromium processes.
    fn drop(&mut self) {
        let profile = format!("--user-data-dir={}", self._dir.path().join("chrome").display());
        let _ = std::process::Command::new("pkill")
            .args(["-f", "--", &profile])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
