//! `afterword_share::serve`, which the CLI's `serve` and the desktop app both
//! run: on the shutdown signal it stops accepting, ends the live-update
//! streams (which never end by themselves) and returns, even with a viewer
//! page still connected.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

#[tokio::test]
async fn shutdown_ends_live_streams_and_stops_serving() {
    let f = common::fixture();
    let token = f.open_link();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(afterword_share::serve(listener, f.state.clone(), async move {
        let _ = stopped.await;
    }));

    // A viewer page listening for live updates.
    let mut events = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET /s/{token}/api/events HTTP/1.1\r\nHost: share.test\r\n\r\n");
    events.write_all(request.as_bytes()).await.unwrap();
    let mut head = [0u8; 512];
    let n = events.read(&mut head).await.unwrap();
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 200"), "{}", String::from_utf8_lossy(&head));

    stop.send(()).unwrap();
    let done = tokio::time::timeout(Duration::from_secs(3), server).await;
    done.expect("stopped well within the grace period").unwrap().unwrap();
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(1), events.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the live-update stream was closed");
    assert!(TcpStream::connect(addr).await.is_err(), "nothing listens any more");
}
