namespace Vaultflow.Core.Storage.Migrations;

/// <summary>What one run did: the migrations it applied now and how many were already in place.</summary>
public sealed record MigrationResult(IReadOnlyList<Migration> Applied, int AlreadyApplied);
