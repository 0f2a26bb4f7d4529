//! Afterword media: capture -> encode -> mux, and the recorder state machine.
