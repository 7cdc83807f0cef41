//! Ranked hits as plain data: [`search`] runs a query and reads the records back, [`snippet`]
//! picks the fragment to show, [`citation`] says where a passage is, [`locate`] turns a citation
//! back into passages and their neighbours, and [`original`] reads the text a citation points at.

pub mod citation;
pub mod locate;
pub mod original;
pub mod search;
pub mod snippet;
