using RabbitMQ.Client;
using SpikeSeg.Tests.Support;

namespace SpikeSeg.Tests.Host.ScaleOut;

/// <summary>The broker fixture itself: a real node starts on loopback, carries a message, and stops by PID.</summary>
public sealed class RabbitMqNodeTests
{
    [Fact]
    public async Task StartsCarriesAMessageAndStops()
    {
        await using var node = await RabbitMqNode.StartAsync();
        var factory = new ConnectionFactory { Uri = node.AmqpUri };
        await using (var connection = await factory.CreateConnectionAsync("fixture-test"))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.QueueDeclareAsync("fixture", durable: false, exclusive: false, autoDelete: true);
            await channel.BasicPublishAsync("", "fixture", "hello"u8.ToArray());
            BasicGetResult? got = null;
            for (int i = 0; i < 50 && got is null; i++)
            {
                got = await channel.BasicGetAsync("fixture", autoAck: true);
                if (got is null)
                {
                    await Task.Delay(20);
                }
            }

            Assert.NotNull(got);
            Assert.Equal("hello"u8.ToArray(), got!.Body.ToArray());
        }

        int pid = node.Pid!.Value;
        await node.StopAsync();
        Assert.Null(node.Pid);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }
}
