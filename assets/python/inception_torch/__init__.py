"""The PyTorch engine of Inception Studio: the training runner's parts and the export tools.

Only torch and the standard library are needed; Pillow is needed to read image folders, torchvision never.
"""
