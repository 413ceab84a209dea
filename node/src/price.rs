//! `ballast-node price`: placeholder until the pricing code lands in this same change.
