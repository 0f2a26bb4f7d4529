//! The command line, as clap parses it. Every read command takes `--json`.

use std::path::PathBuf;

use afterword_library::{HOME_ENV, Urgency};
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "afterword", version, about = "Async video and screen notes: record, comment, share.")]
pub struct Cli {
    /// The library folder (default: the platform data folder).
    #[arg(long, global = true, env = HOME_ENV, value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Act as this team member (on a library a team shares).
    #[arg(long = "as", global = true, value_name = "MEMBER")]
    pub as_member: Option<String>,

    /// More logging (-v, -vv); RUST_LOG works too.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List, show, rename, tag and delete clips.
    #[command(subcommand)]
    Clips(ClipsCmd),
    /// Markdown documents that gather clips.
    #[command(subcommand)]
    Docs(DocsCmd),
    /// Async conversations with a response expectation.
    #[command(subcommand)]
    Threads(ThreadsCmd),
    /// Comments pinned to moments of a clip.
    #[command(subcommand)]
    Comment(CommentCmd),
    /// React to a moment of a clip with an emoji.
    React {
        clip: String,
        /// The moment: 1:23, 83, 83.5, 1:02:03.
        #[arg(long, allow_hyphen_values = true)]
        at: String,
        emoji: String,
    },
    /// Search clip titles, documents, threads, comments and what clips say.
    Search {
        query: Vec<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        filter: crate::cmd::search::FilterArgs,
    },
    /// Record the screen and microphone into a new clip.
    Record(crate::cmd::record::RecordArgs),
    /// Transcribe a clip (locally, with an installed speech model).
    Transcribe(crate::cmd::transcribe::TranscribeArgs),
    /// A clip's transcript: show it as text, WebVTT, SubRip or JSON; correct a line.
    #[command(subcommand)]
    Transcript(crate::cmd::transcribe::TranscriptCmd),
    /// The speech models transcription uses.
    #[command(subcommand)]
    Models(crate::cmd::transcribe::ModelsCmd),
    /// Displays, windows and microphones that can be recorded.
    Devices,
    /// Add an existing video file to the library.
    Import(crate::cmd::record::ImportArgs),
    /// What awaits your reply, what others owe you, what was resolved.
    Inbox,
    /// The team: members, their time zones and working hours.
    #[command(subcommand)]
    People(crate::cmd::people::PeopleCmd),
    /// How soon replies are due, per urgency (shows them without options).
    Expectations(crate::cmd::people::ExpectationArgs),
    /// Folders in use, with what is filed in them.
    Folders,
    /// Check the library (and later, capture and encoders).
    Doctor,
    /// Make a link to a clip (`share CLIP`), list links, or revoke one.
    Share(crate::cmd::share::ShareArgs),
    /// Run the share server that links open (Ctrl-C stops it).
    Serve(crate::cmd::serve::ServeArgs),
    /// S3-compatible storage targets clips can be published to.
    #[command(subcommand)]
    Storage(crate::cmd::storage::StorageCmd),
    /// Upload a clip, its thumbnail and metadata to a storage target (resumable, idempotent).
    Publish(crate::cmd::publish::PublishArgs),
}

#[derive(Debug, Subcommand)]
pub enum ClipsCmd {
    /// Newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Only clips with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only clips in this folder (and its subfolders).
        #[arg(long)]
        folder: Option<String>,
    },
    Show {
        clip: String,
    },
    Rename {
        clip: String,
        title: String,
    },
    /// Add tags (and remove others with --remove).
    Tag(TagArgs),
    /// File the clip in a folder ("" for the top level).
    Move {
        clip: String,
        folder: String,
    },
    /// Delete the clip, its comments and links, and its media files.
    Delete {
        clip: String,
        /// Don't ask first.
        #[arg(long, short)]
        yes: bool,
    },
    /// Keep only what plays between --start and --end. Times are as the clip
    /// plays now (after earlier edits); the original file is never changed.
    Trim {
        clip: String,
        /// Where the kept part starts: 1:23, 83, 83.5, 1m30s.
        #[arg(long, allow_hyphen_values = true)]
        start: Option<String>,
        /// Where the kept part ends.
        #[arg(long, allow_hyphen_values = true)]
        end: Option<String>,
    },
    /// Remove the part that plays between --from and --to (times as the clip plays now).
    Cut {
        clip: String,
        #[arg(long, allow_hyphen_values = true)]
        from: String,
        #[arg(long, allow_hyphen_values = true)]
        to: String,
    },
    /// Split in two at --at (as the clip plays now); the second clip gets the
    /// comments and reactions from there on. Both play the same file.
    Split {
        clip: String,
        #[arg(long, allow_hyphen_values = true)]
        at: String,
    },
    /// What plays of the clip and where its feedback falls; --reset plays the
    /// whole original again and brings back what was in removed parts.
    Edits {
        clip: String,
        #[arg(long)]
        reset: bool,
    },
    /// Make the file that plays an edited clip (trim, cut and split make it
    /// at once; this makes it again after a failure). Without a clip, every
    /// edited clip still waiting for its file.
    Render {
        clip: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct TagArgs {
    pub id: String,
    pub tags: Vec<String>,
    #[arg(long, value_name = "TAG")]
    pub remove: Vec<String>,
}

#[derive(Debug, Args)]
pub struct BodyArgs {
    /// The markdown body.
    #[arg(long, conflicts_with = "file")]
    pub body: Option<String>,
    /// Read the body from a file (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum DocsCmd {
    New {
        title: String,
        #[command(flatten)]
        body: BodyArgs,
        /// Start from a template: brief (pre-meeting) or decision (record).
        #[arg(long, conflicts_with_all = ["body", "file"])]
        template: Option<afterword_library::Template>,
    },
    List {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        folder: Option<String>,
    },
    Show {
        doc: String,
    },
    Edit {
        doc: String,
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        body: BodyArgs,
    },
    /// Attach a clip at a position (0 is first; the end by default).
    Attach {
        doc: String,
        clip: String,
        #[arg(long)]
        position: Option<u32>,
        /// Also embed a player for it at the end of the body.
        #[arg(long)]
        inline: bool,
    },
    Tag(TagArgs),
    /// File the document in a folder ("" for the top level).
    Move {
        doc: String,
        folder: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ThreadsCmd {
    New {
        title: String,
        /// urgent, standard or non-urgent.
        #[arg(long, default_value = "standard")]
        urgency: Urgency,
        /// When a reply is due, as an RFC 3339 time (2026-12-01T17:00:00Z);
        /// by default each person's is computed in their working hours.
        #[arg(long)]
        due: Option<jiff::Timestamp>,
        /// Team members it is for, comma-separated.
        #[arg(long, value_delimiter = ',', value_name = "MEMBER")]
        to: Vec<String>,
        /// Mark it as better talked through live.
        #[arg(long)]
        live: bool,
    },
    /// Post text, a clip, or both.
    Post {
        thread: String,
        /// The message; several words need no quotes.
        #[arg(num_args = 0.., value_name = "TEXT")]
        text: Vec<String>,
        #[arg(long)]
        clip: Option<String>,
    },
    List {
        /// Include resolved threads.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        folder: Option<String>,
    },
    Show {
        thread: String,
    },
    Resolve {
        thread: String,
        /// Open it again instead.
        #[arg(long)]
        reopen: bool,
    },
    Tag(TagArgs),
    /// Add team members to a thread.
    Invite {
        thread: String,
        #[arg(value_delimiter = ',', required = true)]
        members: Vec<String>,
    },
    /// Change how soon replies are expected; everyone's due time follows.
    Urgency {
        thread: String,
        /// urgent, standard or non-urgent.
        urgency: Urgency,
    },
    /// Mark a thread as needing a live talk (or not, with --off).
    Live {
        thread: String,
        #[arg(long)]
        off: bool,
    },
    /// File the thread in a folder ("" for the top level).
    Move {
        thread: String,
        folder: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommentCmd {
    /// Comment at a moment, over a range (--to), or reply (--reply-to).
    Add {
        clip: String,
        /// The moment: 1:23, 83, 83.5, 1:02:03 (a reply defaults to its parent's).
        #[arg(long, allow_hyphen_values = true)]
        at: Option<String>,
        /// End of a range comment.
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        #[arg(long, value_name = "COMMENT")]
        reply_to: Option<String>,
        /// The comment; several words need no quotes.
        #[arg(required = true, num_args = 1.., value_name = "TEXT")]
        text: Vec<String>,
    },
    List {
        clip: String,
    },
    Resolve {
        comment: String,
        #[arg(long)]
        reopen: bool,
    },
    Edit {
        comment: String,
        /// The new text; several words need no quotes.
        #[arg(required = true, num_args = 1.., value_name = "TEXT")]
        text: Vec<String>,
    },
    Delete {
        comment: String,
    },
}
