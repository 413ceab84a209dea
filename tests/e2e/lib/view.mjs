// Calling a pallet's view functions through the `RuntimeViewFunction` runtime API, with the
// ids, argument types and result type read from the chain's metadata (V16), as a wallet does.

import { u8aConcat, u8aToHex } from '@polkadot/util';

/// Calls view function `fn` (its Rust name, e.g. `what_if`) of `pallet` (e.g. `PortfolioMargin`)
/// with `args`, at the best block or at block hash `at`; resolves with the decoded result codec.
export async function view(api, pallet, fn, args = [], at) {
  const { registry } = api;
  const meta = api.runtimeMetadata.asLatest.pallets.find((p) => p.name.toString() === pallet);
  const f = meta?.viewFunctions.find((v) => v.name.toString() === fn);
  if (!f) throw new Error(`no view function ${pallet}.${fn} in this chain's metadata`);
  const input = u8aConcat(...f.inputs.map((param, i) =>
    registry.createTypeUnsafe(registry.createLookupType(param.type), [args[i]]).toU8a()));
  const id = f.id.toU8a();
  const target = at ? await api.at(at) : api;
  const result = await target.call.runtimeViewFunction.executeViewFunction(
    { prefix: id.slice(0, 16), suffix: id.slice(16) }, u8aToHex(input));
  if (result.isErr) throw new Error(`${pallet}.${fn} failed: ${result.asErr.toString()}`);
  return registry.createTypeUnsafe(registry.createLookupType(f.output), [result.asOk.toU8a(true)]);
}
