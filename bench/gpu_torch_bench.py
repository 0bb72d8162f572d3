"""PyTorch on the GPU at kiln-gpu-library-bench's shapes, for its table.

Times matmul + bias + relu and the seed CNN's conv + bias + relu in PyTorch
eager (separate ops) and under torch.compile, float32 with TF32 off (kiln's
cuBLASLt and cuDNN calls use strict f32), each call synchronized like
kiln's. Prints a table in microseconds (median); without torch or a GPU it
says why and measures nothing.
"""
import statistics
import sys


def main():
    try:
        import torch
        import torch.nn.functional as F
    except ImportError as error:
        print(f"gpu_torch_bench: nothing measured: no torch ({error})")
        return 0
    if not torch.cuda.is_available():
        print("gpu_torch_bench: nothing measured: torch sees no GPU")
        return 0
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device("cuda")

    def median_us(fn, *args):
        for _ in range(3):
            fn(*args)
        torch.cuda.synchronize()
        times = []
        for _ in range(30):
            start = torch.cuda.Event(enable_timing=True)
            stop = torch.cuda.Event(enable_timing=True)
            start.record()
            fn(*args)
            stop.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(stop) * 1000.0)
        return statistics.median(times)

    def dense(a, b, bias):
        return torch.relu(a @ b + bias)

    def conv(x, w, bias):
        return torch.relu(F.conv2d(x, w, padding=w.shape[-1] // 2) +
                          bias.view(1, -1, 1, 1))

    compiled_dense = torch.compile(dense)
    compiled_conv = torch.compile(conv)
    print(f"GPU: {torch.cuda.get_device_name(0)}; torch {torch.__version__}; "
          "median of 30 calls, each synchronized\n")
    print("| call | eager us | torch.compile us |\n|---|---:|---:|")
    for m, k, n in [(256, 784, 200), (1024, 1024, 1024), (4096, 1024, 4096)]:
        a = torch.randn(m, k, device=device)
        b = torch.randn(k, n, device=device)
        bias = torch.randn(n, device=device)
        print(f"| matmul+bias+relu {m}x{k}x{n} | {median_us(dense, a, b, bias):.1f} "
              f"| {median_us(compiled_dense, a, b, bias):.1f} |")
    for batch in (64, 256):
        for hw, c, k in [(28, 1, 32), (14, 32, 64)]:
            x = torch.randn(batch, c, hw, hw, device=device).to(
                memory_format=torch.channels_last)
            w = torch.randn(k, c, 5, 5, device=device).to(
                memory_format=torch.channels_last)
            bias = torch.randn(k, device=device)
            print(f"| conv+bias+relu {batch}x{hw}x{hw}x{c} * 5x5x{k} "
                  f"| {median_us(conv, x, w, bias):.1f} "
                  f"| {median_us(compiled_conv, x, w, bias):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
