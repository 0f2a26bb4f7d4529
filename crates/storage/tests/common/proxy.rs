//! A TCP proxy on loopback in front of Garage that can fail on cue: cut every
//! connection once a number of bytes went upstream (a connection dropped
//! mid-upload), refuse connections while cut, and slow the upload down (so a
//! test can kill a process mid-way). It also counts the bytes each way.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, AtomicU64, Ordering},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    task::AbortHandle,
};

#[derive(Debug, Default)]
struct State {
    sent_up: AtomicU64,
    sent_down: AtomicU64,
    budget: AtomicU64,
    cut: AtomicBool,
    /// Bytes per second upstream; 0 is unlimited.
    throttle: AtomicU64,
    tasks: Mutex<Vec<AbortHandle>>,
}

#[derive(Debug, Clone)]
pub struct Proxy {
    pub port: u16,
    state: Arc<State>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (on this runtime).
    pub async fn start(upstream: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("addr").port();
        let state = Arc::new(State { budget: AtomicU64::new(u64::MAX), ..Default::default() });
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if shared.cut.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    continue;
                };
                let (mut client_r, mut client_w) = client.into_split();
                let (mut server_r, mut server_w) = server.into_split();
                let up_state = shared.clone();
                let up = tokio::spawn(async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    loop {
                        let n = match client_r.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let rate = up_state.throttle.load(Ordering::SeqCst);
                        if rate > 0 {
                            tokio::time::sleep(std::time::Duration::from_secs_f64(n as f64 / rate as f64)).await;
                        }
                        let total = up_state.sent_up.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
                        if total > up_state.budget.load(Ordering::SeqCst) {
                            cut_all(&up_state);
                            break;
                        }
                        if server_w.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                    let _ = server_w.shutdown().await;
                });
                let down_state = shared.clone();
                let down = tokio::spawn(async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n @ 1..) = server_r.read(&mut buf).await {
                        down_state.sent_down.fetch_add(n as u64, Ordering::SeqCst);
                        if client_w.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                    let _ = client_w.shutdown().await;
                });
                if let Ok(mut tasks) = shared.tasks.lock() {
                    tasks.push(up.abort_handle());
                    tasks.push(down.abort_handle());
                }
            }
        });
        Proxy { port, state }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Cuts every connection once `bytes` more have gone upstream, and refuses
    /// new ones until [`Self::heal`].
    pub fn cut_after(&self, bytes: u64) {
        let now = self.state.sent_up.load(Ordering::SeqCst);
        self.state.budget.store(now + bytes, Ordering::SeqCst);
    }

    pub fn heal(&self) {
        self.state.budget.store(u64::MAX, Ordering::SeqCst);
        self.state.cut.store(false, Ordering::SeqCst);
    }

    pub fn is_cut(&self) -> bool {
        self.state.cut.load(Ordering::SeqCst)
    }

    pub fn throttle(&self, bytes_per_second: u64) {
        self.state.throttle.store(bytes_per_second, Ordering::SeqCst);
    }

    /// Bytes the store sent back so far (responses, headers and bodies).
    pub fn sent_down(&self) -> u64 {
        self.state.sent_down.load(Ordering::SeqCst)
    }

    /// Bytes sent upstream so far (requests, headers and bodies).
    pub fn sent_up(&self) -> u64 {
        self.state.sent_up.load(Ordering::SeqCst)
    }
}

fn cut_all(state: &State) {
    state.cut.store(true, Ordering::SeqCst);
    if let Ok(mut tasks) = state.tasks.lock() {
        for t in tasks.drain(..) {
            t.abort();
        }
    }
}
