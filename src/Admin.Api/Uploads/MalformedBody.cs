using InterviewPlatform.Shared.Web;

namespace InterviewPlatform.Admin.Api.Uploads;

/// <summary>
/// The multipart parser reports an empty, truncated or garbled body as an IOException or InvalidDataException,
/// which would leave as a 500. Reads of the form (and only they, not the disk writes beside them) are wrapped so
/// that such a body is the client's 422. Kestrel's own 413 (a BadHttpRequestException, also an IOException) passes.
/// </summary>
internal sealed class MalformedBody(Stream inner) : Stream
{
    private const string Problem = "the multipart body is empty, truncated or malformed";

    public static async Task<T> GuardAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException)
        {
            throw new RequestValidationException("body", Problem);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
        await GuardAsync(() => inner.ReadAsync(buffer, ct).AsTask());

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        GuardAsync(() => inner.ReadAsync(buffer, offset, count, ct));

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("multipart sections are read asynchronously");
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
