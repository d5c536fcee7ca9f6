namespace Vaultflow.Core.Workflow.Contracts;

/// <summary>
/// What the <c>encrypt</c> ledger step stores: the state it returned plus the envelope and blind index,
/// which Persist reads back. Ciphertext only: nothing here is plaintext.
/// </summary>
public sealed record EncryptLedgerResult
{
    public required EncryptedState State { get; init; }

    /// <summary>The versioned envelope (base64 in JSON).</summary>
    public required byte[] Ciphertext { get; init; }

    public string? BlindIndex { get; init; }
}
