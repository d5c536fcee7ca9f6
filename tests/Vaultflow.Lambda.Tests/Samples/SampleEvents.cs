namespace Vaultflow.Lambda.Tests.Samples;

/// <summary>
/// Embedded sample events. sqs-event.json holds the two records of the SQS example in the Lambda
/// developer guide ("Using Lambda with Amazon SQS") plus a third, FIFO-shaped record with a binary
/// attribute and md5OfMessageAttributes, so every field of the model is exercised.
/// </summary>
internal static class SampleEvents
{
    public static byte[] Read(string name)
    {
        using var stream = typeof(SampleEvents).Assembly.GetManifestResourceStream($"Samples.{name}")
            ?? throw new InvalidOperationException($"Embedded sample '{name}' is missing; check the EmbeddedResource item in the csproj.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
