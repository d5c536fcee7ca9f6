namespace Vaultflow.Lambda.ExceptionHandling;

/// <summary>
/// Names the error type of an exception this layer cannot know (e.g. the domain's exception tree,
/// which must not reference hosting). Return <see langword="null"/> to fall back to the default.
/// </summary>
public delegate string? LambdaErrorTypeResolver(Exception exception);
