// Submitting extrinsics as a wallet does, and reading their outcome.

/// Signs and sends `tx` from `signer`; resolves once its block is finalized with the block hash
/// and the extrinsic's events, or with the decoded module error if it failed (`{ error }`).
export function signAndFinalize(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isDropped || status.isInvalid || status.isUsurped) {
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (!status.isFinalized) return;
      let error;
      if (dispatchError) {
        error = dispatchError.isModule
          ? (({ section, name }) => `${section}.${name}`)(api.registry.findMetaError(dispatchError.asModule))
          : dispatchError.toString();
      }
      resolve({ blockHash: status.asFinalized.toHex(), events, error });
    }).catch(reject);
  });
}

/// The first event of `events` that `kind` (e.g. `api.events.balances.Transfer`) matches.
export function findEvent(events, kind) {
  return events.find(({ event }) => kind.is(event))?.event;
}
