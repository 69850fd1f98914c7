"""The teacher: ../shared/models/onnx/style-transformer.onnx evaluated in PyTorch, node by node.

Interpreting the ONNX graph (instead of rebuilding the network by hand) keeps the teacher exactly
the file the app ships; the handful of ops it uses are mapped one to one. Checked against the
reference outputs in ../shared/models/reference by `python3 training/check_teacher.py`.
"""
import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


class OnnxTeacher(torch.nn.Module):
    def __init__(self, path: str):
        super().__init__()
        model = onnx.load(path)
        self.nodes = list(model.graph.node)
        self.consts = {}
        for init in model.graph.initializer:
            array = numpy_helper.to_array(init)
            tensor = torch.from_numpy(np.array(array))
            self.consts[init.name] = tensor
        self.attrs = [{a.name: onnx.helper.get_attribute_value(a) for a in n.attribute} for n in self.nodes]
        self.output = model.graph.output[0].name
        for tensor in self.consts.values():
            tensor.requires_grad_(False)

    def to_device(self, device) -> 'OnnxTeacher':
        """Moves the weights; integer constants (shapes, pads, indices) stay on the CPU with the shapes they index."""
        self.consts = {name: t.to(device) if t.is_floating_point() else t for name, t in self.consts.items()}
        return self

    @torch.no_grad()
    def forward(self, content: torch.Tensor, embedding: torch.Tensor) -> torch.Tensor:
        """content [N,H,W,3] 0..1, embedding [N,1,1,100] -> [N,H,W,3] 0..1 (all NHWC, as the ONNX file)."""
        values = dict(self.consts)
        values['content'] = content
        values['style_embedding'] = embedding
        for node, attrs in zip(self.nodes, self.attrs):
            ins = [values[name] if name else None for name in node.input]
            values[node.output[0]] = self._run(node.op_type, ins, attrs)
        return values[self.output]

    @staticmethod
    def _run(op, ins, attrs):
        if op == 'Transpose':
            return ins[0].permute(*attrs['perm'])
        if op == 'Pad':
            pads = [int(p) for p in ins[1].tolist()]  # [b0,b1,b2,b3,e0,e1,e2,e3] NCHW
            assert attrs.get('mode', b'constant') == b'reflect' and pads[0] == pads[1] == pads[4] == pads[5] == 0
            return F.pad(ins[0], (pads[3], pads[7], pads[2], pads[6]), mode='reflect')
        if op == 'Conv':
            x, w, b = ins[0], ins[1], ins[2]
            stride = attrs.get('strides', [1, 1])
            if attrs.get('auto_pad', b'NOTSET') == b'SAME_UPPER':
                k = w.shape[2:]
                assert list(k) == [1, 1], 'only 1x1 SAME convolutions appear in the teacher'
            return F.conv2d(x, w, b, stride=stride, groups=attrs.get('group', 1))
        if op == 'Relu':
            return F.relu(ins[0])
        if op == 'Sigmoid':
            return torch.sigmoid(ins[0])
        if op == 'ReduceMean':
            return ins[0].mean(dim=attrs['axes'], keepdim=bool(attrs.get('keepdims', 1)))
        if op == 'Add':
            return ins[0] + ins[1]
        if op == 'Sub':
            return ins[0] - ins[1]
        if op == 'Mul':
            return ins[0] * ins[1]
        if op == 'Sqrt':
            return torch.sqrt(ins[0])
        if op == 'Reciprocal':
            return 1.0 / ins[0]
        if op == 'Shape':
            return torch.tensor(ins[0].shape, dtype=torch.int64)
        if op == 'Gather':
            return ins[0][ins[1].long()]
        if op == 'Slice':
            starts, ends = ins[1].tolist(), ins[2].tolist()
            axes = ins[3].tolist() if len(ins) > 3 and ins[3] is not None else list(range(len(starts)))
            steps = ins[4].tolist() if len(ins) > 4 and ins[4] is not None else [1] * len(starts)
            assert axes == [0]
            return ins[0][starts[0]:ends[0]:steps[0]]
        if op == 'Concat':
            return torch.cat([t.reshape(-1) if t.dim() <= 1 else t for t in ins], dim=attrs['axis'])
        if op == 'Resize':
            size = [int(s) for s in ins[3].tolist()][2:]
            assert attrs['mode'] == b'nearest'
            return F.interpolate(ins[0], size=size, mode='nearest')
        raise NotImplementedError(op)
