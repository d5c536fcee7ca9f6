namespace Vaultflow.Local.Kms.Protocol;

/// <summary>The error <c>__type</c> names real KMS (and the AWS JSON protocol front end) return.</summary>
internal static class KmsErrorCodes
{
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string UnknownOperation = "UnknownOperationException";
    public const string Serialization = "SerializationException";
    public const string Validation = "ValidationException";
    public const string NotFound = "NotFoundException";
    public const string AlreadyExists = "AlreadyExistsException";
    public const string InvalidAliasName = "InvalidAliasNameException";
    public const string InvalidArn = "InvalidArnException";
    public const string InvalidCiphertext = "InvalidCiphertextException";
    public const string IncorrectKey = "IncorrectKeyException";
    public const string Disabled = "DisabledException";
    public const string DryRunOperation = "DryRunOperationException";
    public const string Throttling = "ThrottlingException";
    public const string Internal = "KMSInternalException";
    public const string UnsupportedOperation = "UnsupportedOperationException";
}
