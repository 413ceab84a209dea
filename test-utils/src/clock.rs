//! The test clock (ms), read by the test oracle as the chain's time.

use ballast_primitives::Moment;
use core::cell::RefCell;

thread_local! {
	static NOW: RefCell<Moment> = const { RefCell::new(crate::START) };
}

/// The time now.
pub fn now() -> Moment {
	NOW.with(|n| *n.borrow())
}

/// Moves the clock forward.
pub fn advance_time(ms: Moment) {
	NOW.with(|n| *n.borrow_mut() += ms);
}

/// Sets the clock.
pub fn set_now(at: Moment) {
	NOW.with(|n| *n.borrow_mut() = at);
}
